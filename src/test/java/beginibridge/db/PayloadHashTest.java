package beginibridge.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class PayloadHashTest {

    final byte[] payload = "{\"uid\":\"APP-HASH\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void should_keep_the_plain_sha256_without_a_key() {
        PayloadHash plain = new PayloadHash("");

        assertThat(plain.isKeyed()).isFalse();
        assertThat(plain.of(payload)).hasSize(64).isEqualTo(plain.unkeyed(payload));
    }

    @Test
    void should_hash_under_the_key_so_that_the_sha256_of_a_guess_does_not_match() {
        PayloadHash keyed = new PayloadHash("a-long-random-test-key");

        assertThat(keyed.isKeyed()).isTrue();
        assertThat(keyed.of(payload)).hasSize(64).isNotEqualTo(keyed.unkeyed(payload))
                .isNotEqualTo(new PayloadHash("another-long-random-test-key").of(payload));
    }

    @Test
    void should_refuse_the_placeholder_of_the_deployment_secret() {
        assertThatThrownBy(() -> new PayloadHash("REPLACE-with-a-long-random-string"))
                .hasMessageContaining("payload.hash-key");
    }
}
