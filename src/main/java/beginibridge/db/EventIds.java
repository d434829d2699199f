package beginibridge.db;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * Time-ordered UUIDs (RFC 9562 version 7): unique across instances without coordination, and inserted in index
 * order, which keeps the inbox's primary key compact under load.
 */
public final class EventIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private EventIds() {
    }

    public static UUID next() {
        long millis = System.currentTimeMillis();
        long randA = RANDOM.nextInt(1 << 12);
        long msb = (millis << 16) | 0x7000L | randA;
        long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    /**
     * The id of an event's delivery to a destination: the same whenever the event is routed, so that routing it
     * again (once a crash of the database server took its first routing back) recreates the deliveries under their
     * ids, and a repeat carries the same Idempotency-Key and Message-ID. It keeps the event's time-ordered half, so
     * the deliveries' key stays in insertion order too; the rest is a hash of the event and the destination.
     */
    public static UUID ofDelivery(UUID eventId, String destination) {
        long hash = UUID.nameUUIDFromBytes((eventId + "/" + destination).getBytes(StandardCharsets.UTF_8))
                .getLeastSignificantBits();
        return new UUID(eventId.getMostSignificantBits(), (hash & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L);
    }
}
