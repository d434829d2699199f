package beginibridge.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

class PayloadCipherTest {

    final byte[] clear = "{\"uid\":\"APP-CIPHER\"}".getBytes(StandardCharsets.UTF_8);
    final String sha = "ab".repeat(32);
    final UUID eventId = UUID.randomUUID();
    final String integration = "00000000000000000001";

    @Test
    void should_store_in_clear_without_keys() {
        PayloadCipher none = new PayloadCipher("");

        PayloadCipher.Sealed sealed = none.seal(eventId, integration, clear);

        assertThat(none.isEnabled()).isFalse();
        assertThat(sealed.keyId()).isNull();
        assertThat(sealed.bytes()).isEqualTo(clear);
        assertThat(none.open(eventId, integration, null, clear, sha)).isEqualTo(clear);
    }

    @Test
    void should_encrypt_with_the_first_key_and_decrypt_with_any_listed() {
        String k1 = "k1=" + key();
        PayloadCipher before = new PayloadCipher(k1);
        PayloadCipher.Sealed old = before.seal(eventId, integration, clear);
        PayloadCipher rotated = new PayloadCipher("k2=" + key() + "," + k1);

        PayloadCipher.Sealed fresh = rotated.seal(eventId, integration, clear);

        assertThat(old.keyId()).isEqualTo("k1");
        assertThat(fresh.keyId()).isEqualTo("k2");
        assertThat(rotated.open(eventId, integration, old.keyId(), old.bytes(), sha)).isEqualTo(clear);
        assertThat(rotated.open(eventId, integration, fresh.keyId(), fresh.bytes(), sha)).isEqualTo(clear);
        assertThat(before.seal(eventId, integration, clear).bytes()).as("a fresh nonce each time")
                .isNotEqualTo(old.bytes());
    }

    @Test
    void should_refuse_a_payload_altered_or_moved_to_another_row_even_with_its_hash() {
        String secret = key();
        PayloadCipher cipher = new PayloadCipher("k1=" + secret);
        PayloadCipher.Sealed sealed = cipher.seal(eventId, integration, clear);
        byte[] altered = sealed.bytes().clone();
        altered[altered.length - 1] ^= 1;

        assertThatThrownBy(() -> cipher.open(eventId, integration, "k1", altered, sha))
                .hasMessageContaining("does not decrypt");
        assertThatThrownBy(() -> cipher.open(UUID.randomUUID(), integration, "k1", sealed.bytes(), sha))
                .as("another event's row").hasMessageContaining("does not decrypt");
        assertThatThrownBy(() -> cipher.open(eventId, "00000000000000000002", "k1", sealed.bytes(), sha))
                .as("another integration").hasMessageContaining("does not decrypt");
        assertThatThrownBy(() -> cipher.open(eventId, integration, "k9", sealed.bytes(), sha))
                .hasMessageContaining("'k9'");
        assertThatThrownBy(() -> new PayloadCipher("k1=short")).hasMessageContaining("entry 1")
                .hasMessageNotContaining("short");
        assertThatThrownBy(() -> new PayloadCipher("bad id=" + secret)).hasMessageNotContaining(secret);
    }

    @Test
    void should_refuse_a_row_without_key_id_while_encryption_is_on() {
        PayloadCipher cipher = new PayloadCipher("k1=" + key());

        assertThatThrownBy(() -> cipher.open(eventId, integration, null, clear, sha))
                .hasMessageContaining("has no key id while payload.encryption-keys is set");
        assertThat(cipher.open(eventId, integration, null, new byte[0], sha)).as("purged by retention").isEmpty();
    }

    /** Rows sealed before the row binding were bound to their payload hash: they still open, against it alone. */
    @Test
    void should_still_open_a_payload_sealed_against_its_hash_before_the_row_binding() throws Exception {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        PayloadCipher cipher = new PayloadCipher("k1=" + Base64.getEncoder().encodeToString(key));
        byte[] nonce = new byte[12];
        Cipher legacy = Cipher.getInstance("AES/GCM/NoPadding");
        legacy.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        legacy.updateAAD(sha.getBytes(StandardCharsets.US_ASCII));
        byte[] encrypted = legacy.doFinal(clear);
        byte[] stored = new byte[nonce.length + encrypted.length];
        System.arraycopy(encrypted, 0, stored, nonce.length, encrypted.length);

        assertThat(cipher.open(eventId, integration, "k1", stored, sha)).isEqualTo(clear);
        assertThatThrownBy(() -> cipher.open(eventId, integration, "k1", stored, "cd".repeat(32)))
                .hasMessageContaining("does not decrypt");
    }

    private static String key() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
