package beginibridge.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.netty.util.concurrent.EventExecutor;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Liveness of the webhook port: down when its server is not listening or one of its event loops does not run a
 * no-op within two seconds (blocked, or starved by a heap that is nearly gone). The management port runs on Vert.x
 * instances of its own, so without this check it would report a live process whose webhook port serves nothing.
 */
public final class WebhookPortLiveness extends AbstractHealthCheck {

    private static final long PROBE_MILLIS = 2000;

    private final WebhookHttpServer server;

    public WebhookPortLiveness(WebhookHttpServer server) {
        super("begini", "webhook-port");
        this.server = server;
    }

    @Override
    public boolean isReadiness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        if (server.getServer() == null || server.getVertx() == null) {
            builder.message("webhook port is not listening").down();
            return;
        }
        List<CompletableFuture<Void>> probes = new ArrayList<>();
        for (EventExecutor loop : server.getVertx().nettyEventLoopGroup()) {
            probes.add(CompletableFuture.runAsync(() -> { }, loop));
        }
        try {
            CompletableFuture.allOf(probes.toArray(CompletableFuture[]::new)).get(PROBE_MILLIS, TimeUnit.MILLISECONDS);
            builder.up();
        } catch (Exception unresponsive) {
            builder.message("a webhook port event loop did not respond within " + PROBE_MILLIS + " ms").down();
        }
    }
}
