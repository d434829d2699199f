package beginibridge.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.util.Map;

import beginibridge.support.BridgeTestSupport;
import beginibridge.support.Signatures;
import beginibridge.support.TestDatabase;
import beginibridge.support.TestKeys;
import org.junit.jupiter.api.Test;

/**
 * {@code begini.allowed-sources}: only the allowlisted addresses may post webhooks, and behind a trusted proxy the
 * client is the last address of X-Forwarded-For that is not a trusted proxy, so a client cannot name itself.
 * The test talks from 127.0.0.1, which is a trusted proxy here and outside the allowlist.
 */
class SourceAllowlistTest extends BridgeTestSupport {

    private final String key = TestKeys.random();

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.h2();
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of("begini.api-keys", "00000000000000000001=" + key,
                "begini.allowed-sources", "203.0.113.0/24, 2001:db8::/32",
                "http.trusted-proxies", "127.0.0.1, 10.0.0.0/8");
    }

    @Test
    void should_refuse_a_source_outside_the_allowlist_even_correctly_signed() throws Exception {
        HttpResponse<String> answer = post(completedWebhook("APP-SOURCE-1"));

        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.body()).isEqualTo("{\"detail\":\"Source not allowed\"}");
    }

    @Test
    void should_take_a_webhook_a_trusted_proxy_forwards_from_an_allowed_source() throws Exception {
        assertThat(post(completedWebhook("APP-SOURCE-2"), "X-Forwarded-For", "203.0.113.7").statusCode()).isEqualTo(200);
        assertThat(post(completedWebhook("APP-SOURCE-3"), "X-Forwarded-For", "2001:db8::1, 10.1.2.3").statusCode())
                .as("past a second trusted proxy").isEqualTo(200);
    }

    @Test
    void should_not_let_a_client_name_itself_in_x_forwarded_for() throws Exception {
        // the proxy appends the real client (198.51.100.9) after what the client sent
        assertThat(post(completedWebhook("APP-SOURCE-4"), "X-Forwarded-For", "203.0.113.7, 198.51.100.9").statusCode())
                .isEqualTo(403);
        assertThat(post(completedWebhook("APP-SOURCE-5"), "X-Forwarded-For", "203.0.113.7, not-an-address").statusCode())
                .isEqualTo(403);
    }

    @Test
    void should_refuse_to_start_with_a_range_that_is_not_one() {
        assertThatThrownBy(() -> new SourceAllowlist("203.0.113.0/33", ""))
                .hasMessage("begini.allowed-sources: '203.0.113.0/33' is not an address or CIDR range such as"
                        + " 203.0.113.0/24 or 2001:db8::/32");
        assertThatThrownBy(() -> new SourceAllowlist("", "begini.example.com"))
                .hasMessageStartingWith("http.trusted-proxies: 'begini.example.com' is not an address");
    }

    private HttpResponse<String> post(byte[] body, String... headers) throws Exception {
        String[] all = new String[headers.length + 4];
        all[0] = "Content-Type";
        all[1] = "application/json";
        all[2] = "X-Signature";
        all[3] = Signatures.sign(body, key);
        System.arraycopy(headers, 0, all, 4, headers.length);
        return postWithHeaders(body, all);
    }
}
