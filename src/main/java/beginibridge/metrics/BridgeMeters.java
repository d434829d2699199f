package beginibridge.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;

/** Finds the meter registry that camel-micrometer-prometheus serves on {@code /observe/metrics}. */
final class BridgeMeters {

    private BridgeMeters() {
    }

    static MeterRegistry registry(CamelContext context) {
        MeterRegistry registry = context.getRegistry().findSingleByType(MeterRegistry.class);
        if (registry == null) {
            throw new IllegalStateException("No meter registry: camel.metrics.enabled must be true");
        }
        return registry;
    }
}
