package beginibridge.db;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The inbox's deduplication key of a payload, stored in {@code payload_sha256}: an HMAC-SHA256 under
 * {@code payload.hash-key}, so that the hash kept beside an encrypted (or purged) payload does not let whoever reads
 * the database confirm a guessed payload by hashing it. With no key it is the plain SHA-256, as before the setting
 * existed: deduplication works the same, but the hash then confirms guesses. Rows stored before a key was set keep
 * their SHA-256, which the inbox also looks for ({@link #unkeyed}), so a late redelivery of them is still a duplicate.
 */
public final class PayloadHash {

    private final ThreadLocal<MessageDigest> sha256 = ThreadLocal.withInitial(PayloadHash::newDigest);
    private final ThreadLocal<Mac> hmac;

    public PayloadHash(String key) {
        if (key == null || key.isBlank()) {
            this.hmac = null;
        } else if (key.strip().startsWith("REPLACE")) {
            throw new IllegalArgumentException("payload.hash-key still holds a placeholder: set a long random secret");
        } else {
            SecretKeySpec secret = new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
            this.hmac = ThreadLocal.withInitial(() -> newMac(secret));
        }
    }

    public boolean isKeyed() {
        return hmac != null;
    }

    /** The key new rows are stored and found under (64 hex characters). */
    public String of(byte[] payload) {
        return HexFormat.of().formatHex(hmac == null ? sha256.get().digest(payload) : hmac.get().doFinal(payload));
    }

    /** The plain SHA-256, under which rows stored without a key were deduplicated. */
    public String unkeyed(byte[] payload) {
        return HexFormat.of().formatHex(sha256.get().digest(payload));
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static Mac newMac(SecretKeySpec secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(secret);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
