package beginibridge.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import beginibridge.support.BridgeTestSupport;
import beginibridge.support.TestDatabase;
import beginibridge.support.TestKeys;
import org.junit.jupiter.api.Test;

/**
 * Secrets are random bytes to whoever made them, so they may hold what Camel reads as syntax: {@code {{…}}}
 * placeholders, {@code ${…}} expressions and quotes. Each is used exactly as written, and none reaches the log
 * (a placeholder in an API key used to stop the start with the whole setting in the error).
 */
class SecretsTakenLiterallyTest extends BridgeTestSupport {

    private static final String INTEGRATION = "00000000000000000007";
    private final String apiKey = TestKeys.random() + "{{no.such.setting}}${sys:user.home}\"'#{7*7}";
    private final String adminToken = TestKeys.random() + "{{admin.token}}${date:now}\"";

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.h2();
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of("begini.api-keys", INTEGRATION + "=" + apiKey, "admin.token", adminToken);
    }

    @Test
    void should_verify_signatures_under_an_api_key_holding_placeholder_syntax() throws Exception {
        byte[] body = ("{\"uid\":\"APP-literal\",\"integration_id\":\"" + INTEGRATION + "\",\"event\":"
                + "{\"type\":\"application.complete\",\"details\":{}}}").getBytes(StandardCharsets.UTF_8);

        assertThat(postSigned(body, apiKey).body()).contains("\"status\":\"accepted\"");
        assertThat(postSigned(body, TestKeys.random()).statusCode()).isEqualTo(403);
    }

    @Test
    void should_accept_an_admin_token_holding_placeholder_syntax_and_only_it() throws Exception {
        assertThat(management("GET", "/admin/events", Map.of("Authorization", "Bearer " + adminToken)).statusCode())
                .isEqualTo(200);
        assertThat(management("GET", "/admin/events", Map.of("Authorization", "Bearer " + TestKeys.random()))
                .statusCode()).isEqualTo(401);
    }

    @Test
    void should_keep_the_secrets_out_of_the_log() {
        assertThat(logs.all()).contains("1 key(s) for integration(s) [" + INTEGRATION + "]")
                .doesNotContain(apiKey.substring(0, 20))
                .doesNotContain(adminToken.substring(0, 20));
    }
}
