package beginibridge.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

import beginibridge.db.MigratedDataSource;
import beginibridge.db.PayloadCipher;
import beginibridge.json.JsonText;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API under {@code /admin} on the management port (see docs/admin-openapi.yaml): events with their
 * deliveries and attempts, and replays. Every request needs {@code Authorization: Bearer <admin.token>}, compared
 * in constant time; without a configured token the API is not installed at all.
 */
public final class AdminApi {

    private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final byte[] token;
    private final AdminQueries queries;

    private AdminApi(String token, MigratedDataSource dataSource, PayloadCipher cipher) {
        this.token = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        this.queries = new AdminQueries(dataSource, cipher);
    }

    /** Installs the API on the management router, when {@code admin.token} is set. */
    public static void install(Router router, String token, MigratedDataSource dataSource, PayloadCipher cipher) {
        if (token == null || token.isBlank()) {
            LOG.info("Admin API off: no admin.token is set");
            return;
        }
        AdminApi api = new AdminApi(token.trim(), dataSource, cipher);
        router.route("/admin/*").handler(api::authorize);
        router.get("/admin/events").handler(ctx -> api.answer(ctx, () ->
                Map.of("events", api.queries.events(new EventFilter(ctx.queryParams(), 50, 500)))));
        router.get("/admin/events/:id").handler(ctx -> api.answer(ctx, () ->
                api.queries.event(id(ctx), "true".equals(ctx.queryParams().get("payload")))));
        router.post("/admin/events/:id/replay").handler(ctx -> api.answer(ctx, () -> api.queries.replay(id(ctx))));
        router.post("/admin/replay").handler(ctx -> api.answer(ctx, () -> api.queries.replay(
                new EventFilter(ctx.queryParams(), 100, 1000), "true".equals(ctx.queryParams().get("dry_run")))));
        LOG.info("Admin API on the management port under /admin");
    }

    private void authorize(RoutingContext ctx) {
        String given = ctx.request().getHeader("Authorization");
        if (given == null || !MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8))) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            send(ctx, 401, JsonText.detail("Unauthorized"));
            return;
        }
        ctx.next();
    }

    private void answer(RoutingContext ctx, Callable<Object> work) {
        ctx.vertx().executeBlocking(work, false).onComplete(result -> {
            if (result.succeeded()) {
                if (result.result() == null) {
                    send(ctx, 404, JsonText.detail("No such event"));
                } else {
                    send(ctx, 200, write(result.result()));
                }
            } else if (result.cause() instanceof BadRequest bad) {
                send(ctx, 400, JsonText.detail(bad.getMessage()));
            } else {
                LOG.warn("Admin API request failed: {}", result.cause().getClass().getName());
                send(ctx, 503, JsonText.detail("Temporarily unavailable"));
            }
        });
    }

    private static UUID id(RoutingContext ctx) {
        try {
            return UUID.fromString(ctx.pathParam("id"));
        } catch (IllegalArgumentException notAnId) {
            throw new BadRequest("the event id must be a UUID");
        }
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void send(RoutingContext ctx, int status, String body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
    }
}
