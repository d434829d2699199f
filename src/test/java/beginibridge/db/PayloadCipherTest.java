package beginibridge.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class PayloadCipherTest {

    final byte[] clear = "{\"uid\":\"APP-CIPHER\"}".getBytes(StandardCharsets.UTF_8);
    final String sha = "ab".repeat(32);

    @Test
    void should_store_in_clear_without_keys() {
        PayloadCipher none = new PayloadCipher("");

        PayloadCipher.Sealed sealed = none.seal(clear, sha);

        assertThat(none.isEnabled()).isFalse();
        assertThat(sealed.keyId()).isNull();
        assertThat(sealed.bytes()).isEqualTo(clear);
    }

    @Test
    void should_encrypt_with_the_first_key_and_decrypt_with_any_listed() {
        String k1 = "k1=" + key();
        PayloadCipher before = new PayloadCipher(k1);
        PayloadCipher.Sealed old = before.seal(clear, sha);
        PayloadCipher rotated = new PayloadCipher("k2=" + key() + "," + k1);

        PayloadCipher.Sealed fresh = rotated.seal(clear, sha);

        assertThat(old.keyId()).isEqualTo("k1");
        assertThat(new String(old.bytes(), StandardCharsets.ISO_8859_1)).doesNotContain("APP-CIPHER");
        assertThat(fresh.keyId()).isEqualTo("k2");
        assertThat(rotated.open(old.keyId(), old.bytes(), sha)).isEqualTo(clear);
        assertThat(rotated.open(fresh.keyId(), fresh.bytes(), sha)).isEqualTo(clear);
        assertThat(before.seal(clear, sha).bytes()).as("a fresh nonce each time").isNotEqualTo(old.bytes());
    }

    @Test
    void should_refuse_altered_moved_or_unkeyed_payloads_without_revealing_keys() {
        String secret = key();
        PayloadCipher cipher = new PayloadCipher("k1=" + secret);
        PayloadCipher.Sealed sealed = cipher.seal(clear, sha);
        byte[] altered = sealed.bytes().clone();
        altered[altered.length - 1] ^= 1;

        assertThatThrownBy(() -> cipher.open("k1", altered, sha)).hasMessageContaining("does not decrypt");
        assertThatThrownBy(() -> cipher.open("k1", sealed.bytes(), "cd".repeat(32)))
                .hasMessageContaining("does not decrypt");
        assertThatThrownBy(() -> cipher.open("k9", sealed.bytes(), sha)).hasMessageContaining("'k9'");
        assertThatThrownBy(() -> new PayloadCipher("k1=short")).hasMessageContaining("entry 1")
                .hasMessageNotContaining("short");
        assertThatThrownBy(() -> new PayloadCipher("bad id=" + secret)).hasMessageNotContaining(secret);
    }

    static String key() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
