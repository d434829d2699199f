package beginibridge.metrics;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Refused webhooks by reason, in 10-minute buckets over the last 24 hours and in total, since this instance started:
 * what an operator needs to see that, say, signatures started failing at 09:40 (a key rotated on one side only). Kept
 * in memory, per instance, and lost on restart; the database holds only what was accepted or quarantined. Counting
 * one costs the request thread an increment or two (a bucket that has come round again is cleared first, once).
 */
public final class RejectionLog {

    /** The reasons, in the order they are shown; any other is counted as {@code other}. */
    public static final List<String> REASONS = List.of("bad_signature", "unknown_integration", "invalid_envelope",
            "too_large", "unsupported_media_type", "method_not_allowed", "request_timeout", "malformed",
            "source_not_allowed", "overloaded", "unavailable", "error", "other");
    public static final int BUCKET_MINUTES = 10;
    private static final long BUCKET_MILLIS = BUCKET_MINUTES * 60_000L;
    private static final int BUCKETS = 24 * 60 / BUCKET_MINUTES;
    private static final String HINT = "Bad signatures usually mean the sender signs with a key this bridge does not"
            + " hold: most often a test integration's key sent to a production bridge (or the reverse), or a key"
            + " rotated on one side only. Compare begini.api-keys with the key of the integration in Begini.";

    private final Clock clock;
    private final Instant since;
    private final AtomicLongArray totals = new AtomicLongArray(REASONS.size());
    private final Bucket[] buckets = new Bucket[BUCKETS];

    /** One 10-minute slot of the ring, reused every 24 hours. */
    private static final class Bucket {
        private volatile long number = -1;
        private final AtomicLongArray counts = new AtomicLongArray(REASONS.size());
    }

    public RejectionLog(Clock clock) {
        this.clock = clock;
        this.since = clock.instant();
        for (int i = 0; i < BUCKETS; i++) {
            buckets[i] = new Bucket();
        }
    }

    /** Counts one refused webhook. */
    public void count(String reason) {
        int index = REASONS.indexOf(reason);
        int known = index < 0 ? REASONS.size() - 1 : index;
        totals.incrementAndGet(known);
        long number = clock.millis() / BUCKET_MILLIS;
        Bucket bucket = buckets[(int) (number % BUCKETS)];
        if (bucket.number != number) {
            synchronized (bucket) {
                if (bucket.number != number) {
                    for (int i = 0; i < REASONS.size(); i++) {
                        bucket.counts.set(i, 0);
                    }
                    bucket.number = number;
                }
            }
        }
        bucket.counts.incrementAndGet(known);
    }

    /** Refusals of a reason since the start. */
    public long total(String reason) {
        int index = REASONS.indexOf(reason);
        return index < 0 ? 0 : totals.get(index);
    }

    /**
     * What the admin API shows: the start, every reason's total, and each bucket of the last 24 hours since the start,
     * oldest first, with the reasons it counted.
     */
    public Map<String, Object> snapshot() {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("since", since.toString());
        answer.put("bucket_minutes", BUCKET_MINUTES);
        Map<String, Long> all = new LinkedHashMap<>();
        for (int i = 0; i < REASONS.size(); i++) {
            all.put(REASONS.get(i), totals.get(i));
        }
        answer.put("totals", all);
        long now = clock.millis() / BUCKET_MILLIS;
        long first = Math.max(now - BUCKETS + 1, since.toEpochMilli() / BUCKET_MILLIS);
        List<Map<String, Object>> shown = new ArrayList<>();
        for (long number = first; number <= now; number++) {
            Bucket bucket = buckets[(int) (number % BUCKETS)];
            Map<String, Long> counts = new LinkedHashMap<>();
            if (bucket.number == number) {
                for (int i = 0; i < REASONS.size(); i++) {
                    if (bucket.counts.get(i) > 0) {
                        counts.put(REASONS.get(i), bucket.counts.get(i));
                    }
                }
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("start", Instant.ofEpochMilli(number * BUCKET_MILLIS).toString());
            row.put("counts", counts);
            shown.add(row);
        }
        answer.put("buckets", shown);
        answer.put("hint", HINT);
        return answer;
    }
}
