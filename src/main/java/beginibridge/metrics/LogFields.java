package beginibridge.metrics;

import org.slf4j.MDC;

/**
 * The fields of the event or delivery a thread is handling, put in the log's MDC so that LOG_FORMAT=json writes them
 * as fields of their own (README, Logging): set where the intake answers a webhook and where the dispatcher opens an
 * attempt, cleared once its line is logged. The uid only ever as its {@link UidHash}.
 */
public final class LogFields {

    public static final String EVENT_ID = "event_id";
    public static final String DELIVERY_ID = "delivery_id";
    public static final String DESTINATION = "destination";
    public static final String OUTCOME = "outcome";
    public static final String ATTEMPT = "attempt";
    public static final String UID_HASH = "uid_hash";

    /** The start's uid hash (log.uid-hash-key), the one the intake's lines use too. */
    private static volatile UidHash uidHash = new UidHash("");

    private LogFields() {
    }

    public static void useUidHash(UidHash configured) {
        uidHash = configured;
    }

    /** An event: its id and uid (hashed); null values are left out. */
    public static void event(Object eventId, String uid) {
        eventWithHashedUid(eventId, uid == null ? null : uidHash.of(uid));
    }

    /** An event whose uid the caller has already hashed with the start's {@link UidHash}; null values are left out. */
    public static void eventWithHashedUid(Object eventId, String hashedUid) {
        put(EVENT_ID, eventId);
        put(UID_HASH, hashedUid);
    }

    /** An attempt of a delivery of an event. */
    public static void delivery(Object eventId, Object deliveryId, String destination, int attempt, String uid) {
        event(eventId, uid);
        put(DELIVERY_ID, deliveryId);
        put(DESTINATION, destination);
        put(ATTEMPT, attempt);
    }

    public static void outcome(String outcome) {
        put(OUTCOME, outcome);
    }

    public static void clear() {
        for (String key : new String[] {EVENT_ID, DELIVERY_ID, DESTINATION, OUTCOME, ATTEMPT, UID_HASH}) {
            MDC.remove(key);
        }
    }

    private static void put(String key, Object value) {
        if (value != null) {
            MDC.put(key, value.toString());
        }
    }
}
