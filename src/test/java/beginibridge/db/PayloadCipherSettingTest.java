package beginibridge.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** payload.encryption-keys is checked whole when the bridge starts, never at the first payload it encrypts. */
class PayloadCipherSettingTest {

    @ParameterizedTest
    @ValueSource(ints = {16, 24, 32})
    void should_take_keys_of_each_aes_length(int bytes) {
        PayloadCipher cipher = new PayloadCipher("k1=" + key(bytes));
        byte[] clear = "{\"uid\":\"APP-KEY\"}".getBytes(StandardCharsets.UTF_8);
        UUID eventId = UUID.randomUUID();

        PayloadCipher.Sealed sealed = cipher.seal(eventId, "00000000000000000001", clear);

        assertThat(cipher.open(eventId, "00000000000000000001", "k1", sealed.bytes(), "ab".repeat(32)))
                .isEqualTo(clear);
    }

    @ParameterizedTest
    @ValueSource(ints = {20, 15, 17, 31, 33, 64})
    void should_refuse_at_start_a_key_of_valid_base64_but_no_aes_length(int bytes) {
        String key = key(bytes);

        assertThatThrownBy(() -> new PayloadCipher("k1=" + key(32) + ",k2=" + key))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("payload.encryption-keys: the key of entry 2 must be 16, 24 or 32 bytes in base64"
                        + " (e.g. openssl rand -base64 32)")
                .hasMessageNotContaining(key);
    }

    @Test
    void should_take_key_ids_of_up_to_64_characters() {
        String longest = "k".repeat(64);

        assertThat(new PayloadCipher(longest + "=" + key(32)).seal(UUID.randomUUID(), "1", new byte[] {1}).keyId())
                .isEqualTo(longest);
        assertThatThrownBy(() -> new PayloadCipher("k".repeat(65) + "=" + key(32)))
                .hasMessage("payload.encryption-keys: entry 1 needs an id of 1-64 letters, digits, dots, dashes or"
                        + " underscores");
    }

    private static String key(int bytes) {
        byte[] key = new byte[bytes];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
