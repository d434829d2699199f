package beginibridge.dispatch;

import java.time.Instant;
import java.util.UUID;

/**
 * A delivery this instance holds: claimed with a lease under a token of its own, so that only the holder of the
 * current claim can record its outcome. Its id is also the CRM's Idempotency-Key, the same for every attempt.
 */
public record Delivery(UUID id, UUID eventId, String destination, int attempt, int attemptBase, UUID leaseToken,
        Instant leaseUntil, String integrationId, String uid, String eventType, Instant receivedAt, byte[] payload) {

    /** Attempts since the delivery was created or last replayed: what the retry budget counts. */
    public int attemptsInBudget() {
        return attempt - attemptBase;
    }
}
