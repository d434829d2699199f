package beginibridge.metrics;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code begini_stuck_applications{reason=...}}: the stuck applications the console lists, for an alert. Counted
 * from the database on a scrape, at most once per {@link #MAX_AGE_MILLIS} whatever the number of scrapers; a count
 * that fails (database down) leaves the last one, the readiness probe says the rest.
 */
public final class StuckGauge {

    public static final List<String> REASONS = List.of("awaiting_score", "score_without_application", "dead_delivery");
    private static final Logger LOG = LoggerFactory.getLogger(StuckGauge.class);
    private static final long MAX_AGE_MILLIS = 30_000;

    private final Callable<Map<String, Long>> counter;
    private volatile Map<String, Long> last = Map.of();
    private volatile long countedAt;

    private StuckGauge(Callable<Map<String, Long>> counter) {
        this.counter = counter;
    }

    /** Registers one gauge per reason on the registry of {@code /observe/metrics}. */
    public static void register(CamelContext context, Callable<Map<String, Long>> counter) {
        StuckGauge gauge = new StuckGauge(counter);
        MeterRegistry registry = BridgeMeters.registry(context);
        for (String reason : REASONS) {
            Gauge.builder("begini.stuck.applications", gauge, stuck -> stuck.value(reason))
                    .description("Applications stuck, by reason (see GET /admin/stuck)").tag("reason", reason)
                    .strongReference(true).register(registry);
        }
    }

    private double value(String reason) {
        refreshIfOld();
        return last.getOrDefault(reason, 0L);
    }

    private synchronized void refreshIfOld() {
        long now = System.currentTimeMillis();
        if (now - countedAt < MAX_AGE_MILLIS) {
            return;
        }
        countedAt = now;
        try {
            last = counter.call();
        } catch (Exception failed) {
            LOG.debug("Stuck applications not counted: {}", failed.getClass().getName());
        }
    }
}
