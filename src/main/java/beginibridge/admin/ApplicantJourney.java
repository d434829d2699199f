package beginibridge.admin;

import static beginibridge.admin.AdminSql.rows;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import beginibridge.db.MigratedDataSource;
import beginibridge.db.PayloadCipher;
import beginibridge.json.Json;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One applicant's journey, by uid: every event of it oldest first with the times Begini put in its details, where
 * each delivery stands, and the state the events add up to, so that an operator answering "where is this
 * applicant?" needs neither SQL nor the payloads.
 */
final class ApplicantJourney {

    private static final Set<String> SCORES = Set.of("psychometric_score.complete", "android_score.complete",
            "ios_score.complete");
    /** The application events that set the state, by the state each sets. */
    private static final Map<String, String> STATES = Map.of("application.complete", "awaiting_score",
            "application.expired", "expired", "application.incomplete", "incomplete",
            "application.cancelled", "cancelled");

    private final MigratedDataSource dataSource;
    private final PayloadCipher cipher;

    ApplicantJourney(MigratedDataSource dataSource, PayloadCipher cipher) {
        this.dataSource = dataSource;
        this.cipher = cipher;
    }

    /** The journey of {@code uid}, or null when no event has it. */
    Map<String, Object> of(String uid) throws SQLException {
        List<Map<String, Object>> events = new ArrayList<>();
        String state = "started";
        List<String> reasons = List.of();
        try (Connection connection = dataSource.getConnection()) {
            for (Map<String, Object> row : rows(connection, "SELECT id, integration_id, event_type, received_at,"
                    + " status, payload, payload_key_id, payload_sha256, payload_purged_at FROM begini_event"
                    + " WHERE uid = ? ORDER BY received_at, id", List.of(uid))) {
                UUID id = UUID.fromString((String) row.get("id"));
                String type = (String) row.get("event_type");
                JsonNode event = row.get("payload_purged_at") == null ? eventOf(id, row) : null;
                Map<String, Object> shown = new LinkedHashMap<>();
                shown.put("event_id", id.toString());
                shown.put("type", type);
                shown.put("received_at", row.get("received_at"));
                shown.put("status", row.get("status"));
                shown.put("times", times(event));
                shown.put("deliveries", rows(connection, "SELECT destination, status, attempts FROM begini_delivery"
                        + " WHERE event_id = ? ORDER BY destination", List.of(id)));
                events.add(shown);
                if (SCORES.contains(type)) {
                    state = "scored";
                    reasons = List.of();
                } else if (STATES.containsKey(type) && !state.equals("scored")) {
                    state = STATES.get(type);
                    reasons = reasons(event);
                }
            }
        }
        if (events.isEmpty()) {
            return null;
        }
        Map<String, Object> journey = new LinkedHashMap<>();
        journey.put("uid", uid);
        journey.put("state", state);
        journey.put("reasons", reasons);
        journey.put("events", events);
        return journey;
    }

    /** The event object of a stored payload; null when it is not a JSON envelope (quarantined) or cannot be read. */
    private JsonNode eventOf(UUID id, Map<String, Object> row) {
        try {
            byte[] payload = cipher.open(id, (String) row.get("integration_id"), (String) row.get("payload_key_id"),
                    (byte[]) row.get("payload"), (String) row.get("payload_sha256"));
            JsonNode event = Json.mapper().readTree(payload).path("event");
            return event.isObject() ? event : null;
        } catch (IOException | IllegalStateException unreadable) {
            return null;
        }
    }

    /** Every {@code *_at} detail, epoch seconds as Begini sends them, as an ISO-8601 instant. */
    private static Map<String, String> times(JsonNode event) {
        Map<String, String> times = new LinkedHashMap<>();
        if (event == null) {
            return times;
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = event.path("details").fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().endsWith("_at") && field.getValue().canConvertToLong()) {
                try {
                    times.put(field.getKey(), Instant.ofEpochSecond(field.getValue().longValue()).toString());
                } catch (DateTimeException notATime) {
                    // a number no instant has: the event detail shows it as sent
                }
            }
        }
        return times;
    }

    private static List<String> reasons(JsonNode event) {
        List<String> reasons = new ArrayList<>();
        if (event != null) {
            event.path("reasons").forEach(reason -> reasons.add(reason.asText()));
        }
        return reasons;
    }
}
