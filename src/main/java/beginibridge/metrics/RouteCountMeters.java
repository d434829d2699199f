package beginibridge.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.RouteAddedEvent;
import org.apache.camel.spi.CamelEvent.RouteEvent;
import org.apache.camel.spi.CamelEvent.RouteReloadedEvent;
import org.apache.camel.spi.CamelEvent.RouteRemovedEvent;
import org.apache.camel.spi.CamelEvent.RouteStartedEvent;
import org.apache.camel.spi.CamelEvent.RouteStoppedEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Camel's route counts on {@code /observe/metrics} ({@code camel_routes_added_routes}, {@code
 * camel_routes_running_routes}, {@code camel_routes_reloaded_routes}) and its {@code app_info}, under the names, tags
 * and counting of camel-micrometer's route event notifier, which is off ({@code camel.metrics.
 * enable-route-event-notifier}): that notifier makes two Jackson mappers when it starts, for a JSON view of the meters
 * the bridge never serves, and they were the last Jackson work of a start. Routes made by a Kamelet are left out as
 * Camel leaves them out by default; the bridge has none.
 */
public final class RouteCountMeters extends EventNotifierSupport {

    private final AtomicLong added = new AtomicLong();
    private final AtomicLong running = new AtomicLong();
    private final AtomicLong reloaded = new AtomicLong();
    private final List<Meter> meters = new ArrayList<>();

    public RouteCountMeters(CamelContext context) {
        setCamelContext(context);
        // route events only: an exchange event would cost every exchange of every route
        setIgnoreCamelContextEvents(true);
        setIgnoreExchangeEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof RouteEvent routeEvent && !routeEvent.getRoute().isCreatedByKamelet();
    }

    @Override
    public void notify(CamelEvent event) {
        if (event instanceof RouteAddedEvent) {
            added.incrementAndGet();
        } else if (event instanceof RouteRemovedEvent) {
            added.decrementAndGet();
        } else if (event instanceof RouteStartedEvent) {
            running.incrementAndGet();
        } else if (event instanceof RouteStoppedEvent) {
            running.decrementAndGet();
        } else if (event instanceof RouteReloadedEvent) {
            reloaded.incrementAndGet();
        }
    }

    /** Counted from the events, as Camel's notifier counts them (a route removed while running stays running). */
    long added() {
        return added.get();
    }

    long running() {
        return running.get();
    }

    long reloaded() {
        return reloaded.get();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        CamelContext context = getCamelContext();
        MeterRegistry registry = context.getRegistry().findSingleByType(MeterRegistry.class);
        if (registry == null) {
            return; // camel.metrics.enabled is false: no metrics page to count on
        }
        Tags tags = Tags.of("kind", "CamelRoute", "camelContext", context.getName(), "eventType",
                RouteEvent.class.getSimpleName());
        meters.add(gauge("camel.routes.added", added, tags, registry));
        meters.add(gauge("camel.routes.running", running, tags, registry));
        meters.add(gauge("camel.routes.reloaded", reloaded, tags, registry));
        if (registry.find("app.info").gauge() == null) {
            meters.add(Gauge.builder("app.info", () -> 1)
                    .tags("camel.version", context.getVersion(), "camel.context", context.getName(),
                            "camel.runtime.provider", "Main", "camel.runtime.version", context.getVersion())
                    .register(registry));
        }
    }

    private static Gauge gauge(String name, AtomicLong count, Tags tags, MeterRegistry registry) {
        return Gauge.builder(name, count, AtomicLong::get).baseUnit("routes").tags(tags).register(registry);
    }

    @Override
    protected void doStop() throws Exception {
        MeterRegistry registry = getCamelContext().getRegistry().findSingleByType(MeterRegistry.class);
        if (registry != null) {
            meters.forEach(registry::remove);
        }
        meters.clear();
        super.doStop();
    }
}
