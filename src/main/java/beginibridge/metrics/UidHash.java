package beginibridge.metrics;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The short stand-in for a uid in log lines: 12 hex characters of an HMAC under {@code log.uid-hash-key}. Keyed, so
 * that guessable uids cannot be recovered from the logs by hashing candidates; without a configured key a random
 * one is drawn at start, and the same uid then hashes alike only within one process.
 */
public final class UidHash {

    /** Bytes of the HMAC shown: 12 hex characters. */
    private static final int SHOWN_BYTES = 6;

    /** One initialised Mac per thread: every webhook's log line needs one, and a Mac is not thread-safe. */
    private final ThreadLocal<Mac> macs;

    public UidHash(String configuredKey) {
        byte[] secret;
        if (configuredKey == null || configuredKey.isBlank()) {
            secret = new byte[32];
            new SecureRandom().nextBytes(secret);
        } else if (configuredKey.strip().startsWith("REPLACE")) {
            throw new IllegalArgumentException("log.uid-hash-key still holds the placeholder of deploy/secret.yaml:"
                    + " set a long random secret");
        } else {
            secret = configuredKey.getBytes(StandardCharsets.UTF_8);
        }
        SecretKeySpec key = new SecretKeySpec(secret, "HmacSHA256");
        this.macs = ThreadLocal.withInitial(() -> newMac(key));
    }

    public String of(String uid) {
        if (uid == null) {
            return "-";
        }
        return HexFormat.of().formatHex(macs.get().doFinal(uid.getBytes(StandardCharsets.UTF_8)), 0, SHOWN_BYTES);
    }

    private static Mac newMac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
