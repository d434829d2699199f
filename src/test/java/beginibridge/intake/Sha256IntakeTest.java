package beginibridge.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import beginibridge.support.BridgeTestSupport;
import beginibridge.support.Signatures;
import beginibridge.support.TestDatabase;
import beginibridge.support.TestKeys;
import org.junit.jupiter.api.Test;

/** begini.signature.algorithm=HmacSHA256, as one of Begini's articles shows. */
class Sha256IntakeTest extends BridgeTestSupport {

    final String key = TestKeys.random();

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.h2();
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of("begini.api-keys", "00000000000000000001=" + key, "begini.signature.algorithm", "HmacSHA256");
    }

    @Test
    void should_accept_sha256_signatures_and_refuse_sha512_ones() throws Exception {
        byte[] body = ("{\"uid\":\"APP-256\",\"integration_id\":\"00000000000000000001\",\"event\":"
                + "{\"type\":\"application.complete\",\"details\":{}}}").getBytes(StandardCharsets.UTF_8);
        Map<String, String> sha512 = Map.of("Content-Type", "application/json",
                "X-Signature", Signatures.sign(body, key, "HmacSHA512"));
        Map<String, String> sha256 = Map.of("Content-Type", "application/json",
                "X-Signature", Signatures.sign(body, key, "HmacSHA256"));

        assertThat(postWebhook(body, sha512).statusCode()).isEqualTo(403);
        assertThat(postWebhook(body, sha256).body()).startsWith("{\"status\":\"accepted\"");
    }
}
