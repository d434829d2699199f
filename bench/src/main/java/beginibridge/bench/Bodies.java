package beginibridge.bench;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import beginibridge.cli.SampleWebhooks;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The request pool every target gets: realistic signed bodies of the seven event types (the bridge's own
 * {@link SampleWebhooks}, grown to 1-3 KB with the session and answer metadata Begini may add), 5 % exact
 * redeliveries of an earlier body of the same pool, 2 % bad signatures (a fresh body signed with another key).
 * The pool is a pure function of its seed, so every target gets the same requests in the same order; a seed
 * names a phase, so no two phases share a body.
 */
public final class Bodies {

    /** What the bridge must answer to a request: 200 accepted, 200 duplicate or 403. */
    public enum Expect { ACCEPTED, DUPLICATE, FORBIDDEN }

    public record Request(byte[] body, String signature, Expect expect) {
    }

    public static final double DUPLICATES = 0.05;
    public static final double BAD_SIGNATURES = 0.02;

    /** The demo's internal records (V3 migration), so that CRM and email deliveries are enriched, not unmatched. */
    private static final String[] UIDS = {"APP-2026-0001", "APP-2026-0002", "APP-2026-0003", "APP-2026-0004",
        "APP-2026-0005", "APP-2026-0006", "APP-2026-0007"};
    private static final String[] SECTIONS = {"intro", "personality", "numeracy", "situational", "planning",
        "consent", "outro"};
    private static final ObjectMapper JSON = new ObjectMapper();

    private Bodies() {
    }

    public static List<Request> pool(String seed, int count, String integrationId, byte[] key) {
        Random random = new Random(seed.hashCode() * 31L + count);
        Mac good = mac(key);
        byte[] wrongKey = ("not-" + new String(key, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        Mac bad = mac(wrongKey);
        Instant now = Instant.now();
        List<Request> pool = new ArrayList<>(count);
        List<Request> fresh = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            double dice = random.nextDouble();
            if (dice < DUPLICATES && !fresh.isEmpty()) {
                Request earlier = fresh.get(random.nextInt(fresh.size()));
                pool.add(new Request(earlier.body(), earlier.signature(), Expect.DUPLICATE));
                continue;
            }
            byte[] body = body(seed, i, random, integrationId, now);
            if (dice < DUPLICATES + BAD_SIGNATURES) {
                pool.add(new Request(body, sign(bad, body), Expect.FORBIDDEN));
            } else {
                Request request = new Request(body, sign(good, body), Expect.ACCEPTED);
                pool.add(request);
                fresh.add(request);
            }
        }
        return pool;
    }

    /** One realistic body: a sample of a type, with an event id, send time and session metadata; 1-3 KB. */
    static byte[] body(String seed, int index, Random random, String integrationId, Instant now) {
        String type = SampleWebhooks.TYPES.get(random.nextInt(SampleWebhooks.TYPES.size()));
        String uid = UIDS[random.nextInt(UIDS.length)];
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(SampleWebhooks.body(type, uid, integrationId,
                    now.minusSeconds(random.nextInt(86_400))));
            root.put("schema_version", "2.1").put("sent_at", now.getEpochSecond());
            ObjectNode event = (ObjectNode) root.get("event");
            event.put("id", "evt_" + seed + "_" + index).put("attempt", 1);
            ObjectNode session = ((ObjectNode) event.get("details")).putObject("session");
            session.put("journey_version", "7.4." + random.nextInt(10)).put("locale", "en-GB")
                    .put("user_agent", "Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like"
                            + " Gecko) Chrome/126.0.6478.122 Mobile Safari/537.36");
            session.putObject("device").put("class", random.nextBoolean() ? "phone" : "tablet").put("touch", true)
                    .put("screen", "1080x2340");
            // 1-3 KB in all: the psychometric sample is already ~1.5 KB, the journey events ~0.3 KB
            int target = 1024 + random.nextInt(2048 - 200);
            var sections = session.putArray("sections");
            int size = JSON.writeValueAsBytes(root).length;
            for (int s = 0; size < target; s++) {
                ObjectNode section = sections.addObject()
                        .put("name", SECTIONS[s % SECTIONS.length] + "-" + (s / SECTIONS.length))
                        .put("started_at", now.getEpochSecond() - 1500 + 60L * s)
                        .put("duration_ms", 5_000 + random.nextInt(120_000)).put("answers", random.nextInt(20))
                        .put("revisited", random.nextInt(4) == 0);
                size += JSON.writeValueAsBytes(section).length + (s == 0 ? 0 : 1);
            }
            return JSON.writeValueAsBytes(root);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Mac mac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA512");
            mac.init(new SecretKeySpec(key, "HmacSHA512"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sign(Mac mac, byte[] body) {
        return HexFormat.of().formatHex(mac.doFinal(body));
    }
}
