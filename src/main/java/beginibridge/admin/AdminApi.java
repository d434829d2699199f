package beginibridge.admin;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.crypto.spec.SecretKeySpec;

import beginibridge.db.MigratedDataSource;
import beginibridge.db.PayloadCipher;
import beginibridge.delivery.Destinations;
import beginibridge.json.Json;
import beginibridge.metrics.RejectionLog;
import beginibridge.json.JsonText;
import io.vertx.core.AsyncResult;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API under {@code /admin} on the management port (see docs/admin-openapi.yaml): events with their
 * deliveries and attempts, replays, and what the ops console shows. Every request needs one of the tokens of
 * {@link AdminTokens} and leaves one audit line (see {@link AdminAudit}); without {@code admin.token} the API is not
 * installed at all.
 */
public final class AdminApi {

    private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);
    /** On every answer of the API: nothing cached, nothing sniffed, never framed. */
    private static final Map<String, String> SECURITY_HEADERS = Map.of("Cache-Control", "no-store",
            "Content-Security-Policy", ConsolePages.CONTENT_SECURITY_POLICY, "X-Content-Type-Options", "nosniff");

    private final AdminTokens tokens;
    private final SecretKeySpec fingerprintKey;
    private final AdminQueries queries;

    private AdminApi(String token, String readonlyToken, MigratedDataSource dataSource, PayloadCipher cipher) {
        this.tokens = new AdminTokens(token, readonlyToken);
        this.fingerprintKey = new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.queries = new AdminQueries(dataSource, cipher);
    }

    /** Refuses guessable tokens before anything starts; see {@link AdminTokens#check(String, String)}. */
    public static void checkTokens(String adminToken, String readonlyToken) {
        AdminTokens.check(adminToken, readonlyToken);
    }

    /**
     * Installs the API and the console on the management router, when {@code admin.token} is set; its settings and
     * the payload cipher are the context's, {@code destinations} names the destinations a filter may ask for.
     */
    public static void install(Router router, CamelContext context, MigratedDataSource dataSource,
            Destinations destinations, StuckApplications stuck, RejectionLog rejections) {
        String token = context.resolvePropertyPlaceholders("{{admin.token:}}");
        if (token == null || token.isBlank()) {
            LOG.info("Admin API off: no admin.token is set");
            return;
        }
        PayloadCipher cipher = context.getRegistry().lookupByNameAndType("payloadCipher", PayloadCipher.class);
        AdminApi api = new AdminApi(token.trim(), context.resolvePropertyPlaceholders("{{admin.readonly-token:}}"),
                dataSource, cipher);
        int exportMaxRows = Integer.parseInt(context.resolvePropertyPlaceholders("{{console.export-max-rows}}"));
        AdminStats stats = new AdminStats(dataSource, destinations, rejections);
        ApplicantJourney journeys = new ApplicantJourney(dataSource, cipher);
        SystemInfo system = new SystemInfo(context, dataSource, destinations);
        EventExport export = new EventExport(dataSource);
        api.endpoint(router, HttpMethod.GET, "/admin/whoami", Set.of(), (ctx, query, audit) ->
                Map.of("role", audit.role().label()));
        api.endpoint(router, HttpMethod.GET, "/admin/stats", Set.of(), (ctx, query, audit) -> stats.now());
        api.endpoint(router, HttpMethod.GET, "/admin/rejections", Set.of(), (ctx, query, audit) ->
                rejections.snapshot());
        api.endpoint(router, HttpMethod.GET, "/admin/stuck", Set.of("limit"), (ctx, query, audit) ->
                stuck.list(QueryParameters.limit(query, 100, 1000)));
        api.endpoint(router, HttpMethod.GET, "/admin/applicants/:uid", Set.of(), (ctx, query, audit) ->
                journeys.of(ctx.pathParam("uid")));
        api.endpoint(router, HttpMethod.GET, "/admin/system", Set.of(), (ctx, query, audit) -> system.now());
        // before /admin/events/:id, which would take "export" for an id
        api.endpoint(router, HttpMethod.GET, "/admin/events/export", EventFilter.LIST_PARAMETERS, (ctx, query, audit) ->
                export.csv(new EventFilter(query, exportMaxRows, exportMaxRows, destinations.all())));
        api.endpoint(router, HttpMethod.GET, "/admin/events", EventFilter.LIST_PARAMETERS, (ctx, query, audit) ->
                Map.of("events", api.queries.events(new EventFilter(query, 50, 500, destinations.all()))));
        api.endpoint(router, HttpMethod.GET, "/admin/events/:id", Set.of("payload"), (ctx, query, audit) -> {
            Map<String, Object> event = api.queries.event(audit.event(id(ctx)), QueryParameters.flag(query,
                    "payload"));
            audit.payloadRead(event != null && PayloadView.FIELDS.stream().anyMatch(event::containsKey));
            return event;
        });
        api.endpoint(router, HttpMethod.POST, "/admin/events/:id/replay", Set.of(), (ctx, query, audit) -> {
            Map<String, Object> replay = api.queries.replay(audit.event(id(ctx)));
            if (replay != null) {
                audit.replayed(((List<?>) replay.get("replayed")).size(), false);
            }
            return replay;
        });
        api.endpoint(router, HttpMethod.POST, "/admin/replay", EventFilter.REPLAY_PARAMETERS, (ctx, query, audit) -> {
            boolean dryRun = QueryParameters.flag(query, "dry_run");
            Map<String, Object> replay = api.queries.replay(new EventFilter(query, 100, 1000, destinations.all()),
                    dryRun);
            audit.replayed((Integer) replay.get("count"), dryRun);
            return replay;
        });
        // Vert.x decodes the query while matching a route with a path parameter, and answers 400 itself when it
        // cannot: that answer is made JSON and audited here.
        router.errorHandler(400, ctx -> {
            if (ctx.request().path().startsWith("/admin/")) {
                api.audit(ctx, "/admin/*");
            }
            send(ctx, 400, JsonText.detail(QueryParameters.decodable(ctx) ? "Bad Request"
                    : QueryParameters.MALFORMED));
        });
        router.route("/admin/*").handler(ctx -> {
            if (api.authorized(ctx, api.audit(ctx, "/admin/*"), HttpMethod.GET) != null) {
                send(ctx, 404, JsonText.detail("No such path"));
            }
        });
        ConsolePages.install(router);
        LOG.info("Admin API on the management port under /admin, the ops console under /console/");
    }

    /** What an endpoint does once authorized, its query validated; null answers 404. */
    private interface Work {
        Object run(RoutingContext ctx, MultiMap query, AdminAudit audit) throws Exception;
    }

    private void endpoint(Router router, HttpMethod method, String path, Set<String> parameters, Work work) {
        router.route(method, path).handler(ctx -> {
            AdminAudit audit = audit(ctx, path);
            if (authorized(ctx, audit, method) != null) {
                ctx.vertx().executeBlocking(() -> work.run(ctx, QueryParameters.of(ctx, parameters), audit), false)
                        .onComplete(result -> answer(ctx, result));
            }
        });
    }

    private AdminAudit audit(RoutingContext ctx, String route) {
        return AdminAudit.start(ctx, route, fingerprintKey,
                AdminTokens.presented(ctx.request().getHeader("Authorization")));
    }

    /**
     * The caller's role, or null once answered 401 (no known token) or 403 (the read-only token asking for a
     * change: every change is a POST).
     */
    private AdminTokens.Role authorized(RoutingContext ctx, AdminAudit audit, HttpMethod method) {
        AdminTokens.Role role = tokens.roleOf(ctx.request().getHeader("Authorization"));
        if (role == null) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            send(ctx, 401, JsonText.detail("Unauthorized"));
            return null;
        }
        audit.role(role);
        if (role == AdminTokens.Role.READONLY && method != HttpMethod.GET) {
            send(ctx, 403, JsonText.detail("Read-only token"));
            return null;
        }
        return role;
    }

    private static void answer(RoutingContext ctx, AsyncResult<Object> result) {
        if (result.succeeded()) {
            if (result.result() == null) {
                send(ctx, 404, JsonText.detail(ctx.pathParam("uid") != null ? "No such applicant" : "No such event"));
            } else if (result.result() instanceof EventExport.Csv csv) {
                secured(ctx).putHeader("Content-Type", "text/csv; charset=utf-8")
                        .putHeader("Content-Disposition", "attachment; filename=\"events.csv\"")
                        .putHeader("X-Truncated", String.valueOf(csv.truncated())).end(csv.text());
            } else {
                send(ctx, 200, write(result.result()));
            }
        } else if (result.cause() instanceof BadRequest bad) {
            send(ctx, 400, JsonText.detail(bad.getMessage()));
        } else {
            LOG.warn("Admin API request failed: {}", result.cause().getClass().getName());
            send(ctx, 503, JsonText.detail("Temporarily unavailable"));
        }
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
            return Json.mapper().writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void send(RoutingContext ctx, int status, String body) {
        secured(ctx).setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
    }

    private static HttpServerResponse secured(RoutingContext ctx) {
        HttpServerResponse response = ctx.response();
        SECURITY_HEADERS.forEach(response::putHeader);
        return response;
    }
}
