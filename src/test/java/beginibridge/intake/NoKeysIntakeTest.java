package beginibridge.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import beginibridge.support.BridgeTestSupport;
import beginibridge.support.Inboxes;
import beginibridge.support.TestDatabase;
import beginibridge.support.TestKeys;
import org.junit.jupiter.api.Test;

/** No begini.api-keys at all: the endpoint refuses everything and the startup log says why. */
class NoKeysIntakeTest extends BridgeTestSupport {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.h2();
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of("begini.api-keys", "");
    }

    @Test
    void should_refuse_every_webhook_and_say_so_at_startup() throws Exception {
        byte[] body = ("{\"uid\":\"APP-nokey\",\"integration_id\":\"00000000000000000001\",\"event\":"
                + "{\"type\":\"application.complete\",\"details\":{}}}").getBytes(StandardCharsets.UTF_8);

        var response = postSigned(body, TestKeys.random());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).isEqualTo("{\"detail\":\"Validation Failure\"}");
        assertThat(Inboxes.count(database())).isZero();
        assertThat(logs.lines()).anySatisfy(line -> assertThat(line)
                .startsWith("WARN")
                .contains("No Begini API keys are configured (begini.api-keys, env BEGINI_API_KEYS)"));
    }
}
