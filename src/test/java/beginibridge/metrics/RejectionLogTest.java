package beginibridge.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Refusals by reason in 10-minute buckets: placed by the clock, kept for 24 hours, totals since the start. */
class RejectionLogTest {

    /** A clock the test moves: the log reads the time of each count and snapshot from it. */
    private static final class MovedClock extends Clock {
        private Instant now = Instant.parse("2026-12-01T09:03:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void should_count_each_reason_in_the_bucket_of_its_time() {
        MovedClock clock = new MovedClock();
        RejectionLog log = new RejectionLog(clock);

        log.count("bad_signature");
        clock.now = clock.now.plus(Duration.ofMinutes(10));
        log.count("bad_signature");
        log.count("too_large");
        log.count("something new");
        Map<String, Object> snapshot = log.snapshot();

        assertThat(snapshot.get("since")).isEqualTo("2026-12-01T09:03:00Z");
        assertThat(totals(snapshot)).containsEntry("bad_signature", 2L)
                .containsEntry("too_large", 1L).containsEntry("other", 1L).containsEntry("unknown_integration", 0L);
        List<Map<String, Object>> buckets = buckets(snapshot);
        assertThat(buckets).hasSize(2);
        assertThat(buckets.get(0)).containsEntry("start", "2026-12-01T09:00:00Z")
                .containsEntry("counts", Map.of("bad_signature", 1L));
        assertThat(buckets.get(1)).containsEntry("start", "2026-12-01T09:10:00Z")
                .containsEntry("counts", Map.of("bad_signature", 1L, "too_large", 1L, "other", 1L));
    }

    @Test
    void should_forget_buckets_older_than_24_hours_but_keep_the_totals() {
        MovedClock clock = new MovedClock();
        RejectionLog log = new RejectionLog(clock);
        log.count("bad_signature");

        clock.now = clock.now.plus(Duration.ofHours(24));
        log.count("invalid_envelope");
        Map<String, Object> snapshot = log.snapshot();

        List<Map<String, Object>> buckets = buckets(snapshot);
        assertThat(buckets).hasSize(144);
        assertThat(buckets.get(0).get("start")).isEqualTo("2026-12-01T09:10:00Z");
        assertThat(buckets.get(143)).containsEntry("start", "2026-12-02T09:00:00Z")
                .containsEntry("counts", Map.of("invalid_envelope", 1L));
        assertThat(buckets).allSatisfy(bucket -> assertThat(bucket.get("counts").toString())
                .doesNotContain("bad_signature"));
        assertThat(log.total("bad_signature")).isEqualTo(1);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Long> totals(Map<String, Object> snapshot) {
        return (Map<String, Long>) snapshot.get("totals");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> buckets(Map<String, Object> snapshot) {
        return (List<Map<String, Object>>) snapshot.get("buckets");
    }
}
