package beginibridge.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import beginibridge.support.DispatchTestSupport;
import beginibridge.support.Rows;
import beginibridge.support.TestKeys;
import org.junit.jupiter.api.Test;

/**
 * With payload.hash-key set, the inbox's deduplication hash is an HMAC under it, not a SHA-256 that confirms a
 * guessed payload; events stored before the key was set, under their SHA-256, still deduplicate.
 */
abstract class KeyedPayloadHashContract extends DispatchTestSupport {

    private final String hashKey = TestKeys.random();

    @Override
    protected Map<String, String> moreSettings() {
        return Map.of("payload.hash-key", hashKey);
    }

    @Test
    void should_store_the_keyed_hash_and_deduplicate_on_it() throws Exception {
        byte[] body = webhook("APP-HASH-new", "application.archived", "{}");

        String eventId = deliver(body);

        assertThat(storedHash(eventId)).isEqualTo(hmac(body)).isNotEqualTo(sha256(body));
        assertThat(postSigned(body, apiKey).body())
                .isEqualTo("{\"status\":\"duplicate\",\"event_id\":\"" + eventId + "\"}");
    }

    @Test
    void should_find_an_event_stored_under_its_sha256_before_the_key_was_set() throws Exception {
        byte[] body = webhook("APP-HASH-old", "application.archived", "{}");
        UUID hashedBefore = storeEvent(body, "APP-HASH-old", "application.archived", "unrouted");

        assertThat(postSigned(body, apiKey).body()).as("a late redelivery of an event stored before the key")
                .isEqualTo("{\"status\":\"duplicate\",\"event_id\":\"" + hashedBefore + "\"}");
        assertThat(Rows.query(database(), "SELECT id FROM begini_event WHERE uid = 'APP-HASH-old'")).hasSize(1);
    }

    private String storedHash(String eventId) throws Exception {
        return (String) Rows.query(database(), "SELECT payload_sha256 FROM begini_event WHERE id = ?",
                UUID.fromString(eventId)).get(0).get("payload_sha256");
    }

    private String hmac(byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(hashKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }

    private static String sha256(byte[] body) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    }
}
