package beginibridge.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;

/**
 * Delivery figures: attempts by destination and outcome ({@code begini_delivery_attempts_total}), time from receipt of the
 * webhook to done ({@code begini_delivery_lag_seconds}), and the backlog read from the database
 * ({@code begini_deliveries_pending}, {@code begini_delivery_oldest_pending_age_seconds},
 * {@code begini_deliveries_dead}), which several instances report alike.
 */
public final class DeliveryMetrics implements CamelContextAware {

    /** Delivery lag spans milliseconds (in-process hand-off) to hours (retries): buckets for both. */
    private static final Duration[] LAG_BUCKETS = {Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30),
        Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(6),
        Duration.ofHours(24)};

    private final Map<String, AtomicLong> pending = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> oldestPendingSeconds = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> dead = new ConcurrentHashMap<>();
    private CamelContext camelContext;
    private volatile MeterRegistry registry;

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    /**
     * The registry Camel's metrics use, found on first use: this bean may be created before it exists (and twice,
     * by Camel's YAML loader), so meters are registered only by the instance actually at work.
     */
    private MeterRegistry registry() {
        MeterRegistry found = registry;
        if (found == null) {
            synchronized (this) {
                if (registry == null) {
                    registry = BridgeMeters.registry(camelContext);
                }
                found = registry;
            }
        }
        return found;
    }

    private synchronized void registerBacklogGauges(String destination) {
        MeterRegistry meters = registry();
        if (pending.containsKey(destination)) {
            return;
        }
        gauge(meters, "begini.delivery.oldest.pending.age.seconds", "Age of the oldest waiting delivery", destination,
                oldestPendingSeconds);
        gauge(meters, "begini.deliveries.dead", "Deliveries given up, by destination", destination, dead);
        // last: its presence in the map says the three are registered
        gauge(meters, "begini.deliveries.pending", "Deliveries waiting, by destination", destination, pending);
    }

    private static void gauge(MeterRegistry meters, String name, String description, String destination,
            Map<String, AtomicLong> values) {
        AtomicLong value = values.computeIfAbsent(destination, key -> new AtomicLong());
        Gauge.builder(name, value, AtomicLong::get).description(description).tag("destination", destination)
                .strongReference(true).register(meters);
    }

    /** One attempt ended; {@code sinceReceipt} is timed for deliveries that are done. */
    public void attempt(String destination, String outcome, Duration sinceReceipt) {
        Counter.builder("begini.delivery.attempts").description("Delivery attempts, by destination and outcome")
                .tag("destination", destination).tag("outcome", outcome).register(registry()).increment();
        if ("done".equals(outcome)) {
            Timer.builder("begini.delivery.lag").description("Time from receipt of the webhook to delivery")
                    .tag("destination", destination).serviceLevelObjectives(LAG_BUCKETS).register(registry())
                    .record(sinceReceipt);
        }
    }

    /**
     * The backlog of one destination, as last read from the database; its gauges are registered when it is first
     * reported (the destinations are the routes', see {@code Destinations}).
     */
    public void backlog(String destination, long pendingCount, long oldestPendingAgeSeconds, long deadCount) {
        if (!pending.containsKey(destination)) {
            registerBacklogGauges(destination);
        }
        pending.computeIfAbsent(destination, key -> new AtomicLong()).set(pendingCount);
        oldestPendingSeconds.computeIfAbsent(destination, key -> new AtomicLong()).set(oldestPendingAgeSeconds);
        dead.computeIfAbsent(destination, key -> new AtomicLong()).set(deadCount);
    }
}
