package beginibridge.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Realistic bodies of the seven documented event types, shaped as in Begini's documentation, with times around
 * {@code now} (epoch seconds) so that every sample is a new event.
 */
public final class SampleWebhooks {

    public static final List<String> TYPES = List.of("application.complete", "psychometric_score.complete",
            "android_score.complete", "ios_score.complete", "application.expired", "application.incomplete",
            "application.cancelled");

    /** For picocli's completion and help. */
    static final class Types extends ArrayList<String> {
        Types() {
            super(TYPES);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] TRAITS = {"conscientiousness", "openness", "extraversion", "agreeableness",
        "emotional_stability", "integrity", "numeracy", "planning", "self_control", "risk_aversion", "optimism",
        "locus_of_control"};

    private SampleWebhooks() {
    }

    public static byte[] body(String type, String uid, String integrationId, Instant now)
            throws JsonProcessingException {
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("unknown type '" + type + "': use one of " + TYPES);
        }
        long end = now.getEpochSecond();
        long start = end - 1500;
        ObjectNode root = JSON.createObjectNode().put("uid", uid).put("integration_id", integrationId);
        ObjectNode event = root.putObject("event").put("type", type);
        ObjectNode details = event.putObject("details").put("application_started_at", start);
        switch (type) {
            case "application.complete" -> details.put("application_completed_at", end);
            case "psychometric_score.complete" -> {
                score(details, start, end, "WEB").put("score", 412).put("risk_band", "B")
                        .put("score_confidence", "High");
                ArrayNode traits = ((ObjectNode) details.get("calculated")).putArray("traits");
                for (int i = 0; i < TRAITS.length; i++) {
                    traits.addObject().put("key", TRAITS[i]).put("value", 40 + 3 * i)
                            .put("risk_band", String.valueOf((char) ('A' + i % 4)));
                }
                details.putArray("flags");
            }
            case "android_score.complete", "ios_score.complete" -> {
                boolean android = type.startsWith("android");
                score(details, start, end, android ? "ANDROID" : "IOS").put("score", android ? 538 : 487);
                details.putArray("permissions_granted").add(android ? "android.permission.READ_SMS" : "contacts");
                details.putArray("permissions_denied").add(android ? "android.permission.CAMERA" : "location");
                details.putArray("flags");
            }
            case "application.expired" -> details.put("application_expired_at", end)
                    .put("percentage_completed", "0.333333333333333");
            case "application.incomplete" -> {
                details.put("last_response_submitted_at", end).put("percentage_completed", "0.866666666666667");
                event.putArray("reasons").add("Missing data");
            }
            default -> {
                details.put("application_cancelled_at", end);
                event.putArray("reasons").add("Denied the terms and conditions");
            }
        }
        return JSON.writeValueAsBytes(root);
    }

    private static ObjectNode score(ObjectNode details, long start, long end, String platform) {
        details.put("application_completed_at", end - 30).put("scored_at", end).put("platform", platform);
        return details.putObject("calculated");
    }
}
