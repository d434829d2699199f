package beginibridge.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import beginibridge.support.LogCapture;
import beginibridge.support.TestKeys;
import org.junit.jupiter.api.Test;

/** begini.api-keys: the integrations it lists, and what the bridge says about them at startup. */
class ApiKeysTest {

    final String keyA1 = TestKeys.random();
    final String keyA2 = TestKeys.random();
    final String keyB = TestKeys.random();

    @Test
    void should_list_each_integration_once_in_the_order_of_the_setting() {
        ApiKeys keys = ApiKeys.parse("B=" + keyB + ", A=" + keyA1 + ",B=" + keyA2);

        assertThat(keys.integrations()).containsExactly("B", "A");
        assertThat(keys.keys()).extracting(ApiKeys.Key::integrationId).containsExactly("B", "A", "B");
        assertThat(new String(keys.keys().get(1).secret(), StandardCharsets.UTF_8)).isEqualTo(keyA1);
        assertThat(keys.isEmpty()).isFalse();
        assertThat(ApiKeys.parse(" ").isEmpty()).isTrue();
        assertThat(ApiKeys.parse(null).integrations()).isEmpty();
    }

    @Test
    void should_refuse_an_integration_id_an_envelope_could_not_carry() {
        assertThatThrownBy(() -> ApiKeys.parse("A=" + keyA1 + ",A B=" + keyB))
                .hasMessage("begini.api-keys: the integration id of entry 2 must be 1-128 visible characters")
                .hasMessageNotContaining(keyB);
        assertThat(ApiKeys.parse("I".repeat(128) + "=" + keyA1).integrations()).containsExactly("I".repeat(128));
    }

    @Test
    void should_say_at_startup_how_many_keys_serve_which_integrations_never_the_keys() {
        LogCapture log = LogCapture.attach();
        try {
            new SignatureVerifier("A=" + keyA1 + ",B=" + keyB + ",A=" + keyA2, "HmacSHA256").logKeySummary();
            new SignatureVerifier("", "HmacSHA512").logKeySummary();
        } finally {
            log.detach();
        }

        assertThat(log.all()).contains("HmacSHA256 over the raw body, 3 key(s) for integration(s) [A, B]")
                .contains("WARN").contains("No Begini API keys are configured")
                .doesNotContain(keyA1).doesNotContain(keyA2).doesNotContain(keyB);
    }
}
