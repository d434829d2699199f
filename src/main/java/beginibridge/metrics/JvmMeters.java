package beginibridge.metrics;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import org.apache.camel.CamelContext;

/**
 * The JVM's own meters on {@code /observe/metrics} (memory, GC, threads, CPU): the binders that
 * {@code camel.metrics.binders = jvm-memory,jvm-gc,jvm-thread,processor} named, bound here by class rather than by
 * name, as Camel finds a binder's class from its name by reading a class index at every start.
 */
public final class JvmMeters {

    private JvmMeters() {
    }

    /** Binds them to the registry the metrics page serves; nothing when metrics are off. */
    public static void bind(CamelContext context) {
        MeterRegistry registry = context.getRegistry().findSingleByType(MeterRegistry.class);
        if (registry == null) {
            return;
        }
        List<MeterBinder> binders = List.of(new JvmMemoryMetrics(), new JvmGcMetrics(), new JvmThreadMetrics(),
                new ProcessorMetrics());
        binders.forEach(binder -> binder.bindTo(registry));
    }
}
