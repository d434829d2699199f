package beginibridge.db;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import beginibridge.settings.IdValueList;

/**
 * Optional encryption of stored payloads at rest with AES-GCM. {@code payload.encryption-keys} lists
 * {@code keyId=base64Key} pairs: the first encrypts, all decrypt, so keys rotate by putting a new one first. The key
 * id is stored with each row, and the row's event id, integration and key id are authenticated with the ciphertext
 * (AES-GCM's associated data), so a payload moved to another row, even with its hash, does not decrypt there. While
 * encryption is on, a row without a key id is refused rather than read as clear text. Rows sealed before this
 * binding were bound to their payload hash alone: they still open against that hash until retention purges them.
 * Empty setting: payloads are stored in clear.
 */
public final class PayloadCipher {

    /** What goes into the row: the key id (null when in clear) and the stored bytes. */
    public record Sealed(String keyId, byte[] bytes) {
    }

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
    private final String currentKeyId;
    private final SecureRandom random = new SecureRandom();

    public PayloadCipher(String setting) {
        for (IdValueList.Entry entry : IdValueList.parse(setting, "payload.encryption-keys", "keyId=base64Key")) {
            if (entry.id().length() > 64 || !entry.id().matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException("payload.encryption-keys: entry " + entry.position()
                        + " needs an id of 1-64 letters, digits, dots, dashes or underscores");
            }
            keys.put(entry.id(), new SecretKeySpec(decode(entry.value(), entry.position()), "AES"));
        }
        this.currentKeyId = keys.isEmpty() ? null : keys.keySet().iterator().next();
    }

    public boolean isEnabled() {
        return currentKeyId != null;
    }

    public Sealed seal(UUID eventId, String integrationId, byte[] clear) {
        if (currentKeyId == null) {
            return new Sealed(null, clear);
        }
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentKeyId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(rowBinding(eventId, integrationId, currentKeyId));
            byte[] encrypted = cipher.doFinal(clear);
            byte[] stored = new byte[NONCE_BYTES + encrypted.length];
            System.arraycopy(nonce, 0, stored, 0, NONCE_BYTES);
            System.arraycopy(encrypted, 0, stored, NONCE_BYTES, encrypted.length);
            return new Sealed(currentKeyId, stored);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /**
     * The clear payload of a row; {@code payloadHash} is the row's dedup hash, which only rows sealed before the
     * row binding were bound to.
     */
    public byte[] open(UUID eventId, String integrationId, String keyId, byte[] stored, String payloadHash) {
        if (stored.length == 0) {
            return stored;
        }
        if (keyId == null) {
            if (isEnabled()) {
                throw new IllegalStateException("the stored payload of event " + eventId + " has no key id while"
                        + " payload.encryption-keys is set: refused rather than read as clear text");
            }
            return stored;
        }
        SecretKeySpec key = keys.get(keyId);
        if (key == null) {
            throw new IllegalStateException("the payload was encrypted with key '" + keyId
                    + "', which payload.encryption-keys no longer lists");
        }
        try {
            return decrypt(key, stored, rowBinding(eventId, integrationId, keyId));
        } catch (AEADBadTagException notThisRow) {
            try {
                return decrypt(key, stored, payloadHash.getBytes(StandardCharsets.US_ASCII));
            } catch (GeneralSecurityException notSealedBeforeEither) {
                throw new IllegalStateException("the stored payload does not decrypt with key '" + keyId
                        + "' (altered, or another row's)");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
    }

    private static byte[] decrypt(SecretKeySpec key, byte[] stored, byte[] associatedData)
            throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, 0, NONCE_BYTES));
        cipher.updateAAD(associatedData);
        return cipher.doFinal(stored, NONCE_BYTES, stored.length - NONCE_BYTES);
    }

    /** What a ciphertext is bound to: its row. The prefix keeps it apart from the hex hash of the older binding. */
    private static byte[] rowBinding(UUID eventId, String integrationId, String keyId) {
        return ("row\n" + eventId + "\n" + integrationId + "\n" + keyId).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] decode(String base64, int entry) {
        try {
            byte[] key = Base64.getDecoder().decode(base64);
            if (key.length == 16 || key.length == 24 || key.length == 32) {
                return key;
            }
        } catch (IllegalArgumentException notBase64) {
            // reported below, without the value
        }
        throw new IllegalArgumentException("payload.encryption-keys: the key of entry " + entry
                + " must be 16, 24 or 32 bytes in base64 (e.g. openssl rand -base64 32)");
    }
}
