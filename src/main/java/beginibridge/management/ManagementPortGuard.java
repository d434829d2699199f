package beginibridge.management;

import beginibridge.json.JsonText;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the management port checks before Camel's health and metrics endpoints and the admin API see a request: that
 * it is addressed to an allowed host ({@link AllowedHosts}), and that a health request asks for no details. Camel's
 * health endpoints take {@code exposureLevel=full}, {@code stackTrace=true} and {@code data=true} from anyone, and
 * then list every check with its errors, stack traces and data; probes need only the status.
 */
public final class ManagementPortGuard {

    private static final Logger LOG = LoggerFactory.getLogger(ManagementPortGuard.class);

    private ManagementPortGuard() {
    }

    /** Installs the checks ahead of every route of the management router. */
    public static void install(CamelContext context) {
        int port = Integer.parseInt(context.resolvePropertyPlaceholders("{{management.port}}"));
        VertxPlatformHttpRouter router =
                VertxPlatformHttpRouter.lookup(context, VertxPlatformHttpRouter.getRouterNameFromPort(port));
        if (router == null) {
            LOG.warn("No management router on port {}: nothing to guard", port);
            return;
        }
        AllowedHosts allowed = new AllowedHosts(context.resolvePropertyPlaceholders("{{management.allowed-hosts}}"),
                context.resolvePropertyPlaceholders("{{management.host}}"));
        router.route().order(Integer.MIN_VALUE).handler(allowed);
        String healthPath = context.resolvePropertyPlaceholders("{{camel.management.health-path:/observe/health}}");
        router.route(healthPath + "*").order(Integer.MIN_VALUE + 1).handler(ctx -> {
            String query = ctx.request().query();
            if (query == null || query.isEmpty()) {
                ctx.next();
                return;
            }
            refuse(ctx, 400, "health takes no query parameters");
        });
        LOG.info("Management port answers Host {} (any port); health shows no details", allowed.hosts().stream()
                .sorted().toList());
    }

    static void refuse(RoutingContext ctx, int status, String detail) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(JsonText.detail(detail));
    }
}
