package beginibridge.proof;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Set;

import beginibridge.cli.SampleWebhooks;
import beginibridge.support.Signatures;
import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * One webhook a suite sends: its exact bytes, the signature header it carries, and what the bridge must answer.
 * {@code type} and {@code uid} are those of the body, for the ledger to know its routed effects.
 */
record Webhook(byte[] body, String signature, String type, String uid, int expectedStatus) {

    /** The journey events that are mailed (the README's "Routing and delivery"). */
    static final Set<String> MAILED = Set.of("application.expired", "application.incomplete", "application.cancelled");

    static final Set<String> SCORES = Set.of("psychometric_score.complete", "android_score.complete",
            "ios_score.complete");

    /** A realistic event of one of the seven types, signed with the key: 200 expected. */
    static Webhook valid(String type, String uid, Instant at, String apiKey) {
        byte[] body = sample(type, uid, at);
        return new Webhook(body, Signatures.sign(body, apiKey), type, uid, 200);
    }

    /** The same event signed with a key nobody configured: 403 expected. */
    static Webhook badlySigned(String type, String uid, Instant at) {
        byte[] body = sample(type, uid, at);
        return new Webhook(body, Signatures.sign(body, "not-the-key-" + uid), type, uid, 403);
    }

    String sha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One of the seven documented types, which the routing table sends somewhere. */
    boolean routed() {
        return SampleWebhooks.TYPES.contains(type);
    }

    boolean mailed() {
        return MAILED.contains(type);
    }

    boolean score() {
        return SCORES.contains(type);
    }

    private static byte[] sample(String type, String uid, Instant at) {
        try {
            return SampleWebhooks.body(type, uid, ProofRig.INTEGRATION, at);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
