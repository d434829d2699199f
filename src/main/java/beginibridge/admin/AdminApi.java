package beginibridge.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import javax.crypto.spec.SecretKeySpec;

import beginibridge.db.MigratedDataSource;
import beginibridge.db.PayloadCipher;
import beginibridge.json.JsonText;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.AsyncResult;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API under {@code /admin} on the management port (see docs/admin-openapi.yaml): events with their
 * deliveries and attempts, and replays. Every request needs {@code Authorization: Bearer <admin.token>}, compared
 * in constant time, and leaves one audit line (see {@link AdminAudit}); without a configured token the API is not
 * installed at all.
 */
public final class AdminApi {

    /** Below this a token could be guessed, or is a word someone chose: the bridge does not start with it. */
    static final int MIN_TOKEN_LENGTH = 32;

    private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BEARER = "Bearer ";

    private final byte[] expectedAuthorization;
    private final SecretKeySpec fingerprintKey;
    private final AdminQueries queries;

    private AdminApi(String token, MigratedDataSource dataSource, PayloadCipher cipher) {
        this.expectedAuthorization = (BEARER + token).getBytes(StandardCharsets.UTF_8);
        this.fingerprintKey = new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.queries = new AdminQueries(dataSource, cipher);
    }

    /**
     * Refuses a token that is set but short or a placeholder, before anything starts; the message names the rule,
     * never the token.
     */
    public static void checkToken(String token) {
        if (token == null || token.isBlank()) {
            return;
        }
        String trimmed = token.trim();
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (lower.startsWith("replace") || lower.replaceAll("[^a-z]", "").contains("changeme")
                || trimmed.chars().distinct().count() < 8) {
            throw new IllegalArgumentException("admin.token is a placeholder (REPLACE..., changeme, or fewer than 8"
                    + " different characters): set a long random secret, e.g. openssl rand -hex 32, or leave it empty"
                    + " to turn the admin API off");
        }
        if (trimmed.length() < MIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException("admin.token is " + trimmed.length() + " characters long: it must be"
                    + " at least " + MIN_TOKEN_LENGTH + " (e.g. openssl rand -hex 32), or empty to turn the admin API"
                    + " off");
        }
    }

    /**
     * Installs the API on the management router, when {@code admin.token} is set; {@code destinations} names the
     * destinations a filter may ask for.
     */
    public static void install(Router router, String token, MigratedDataSource dataSource, PayloadCipher cipher,
            Supplier<? extends Collection<String>> destinations) {
        if (token == null || token.isBlank()) {
            LOG.info("Admin API off: no admin.token is set");
            return;
        }
        AdminApi api = new AdminApi(token.trim(), dataSource, cipher);
        api.endpoint(router, HttpMethod.GET, "/admin/events", EventFilter.LIST_PARAMETERS, (ctx, query, audit) ->
                Map.of("events", api.queries.events(new EventFilter(query, 50, 500, destinations.get()))));
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
            Map<String, Object> replay = api.queries.replay(new EventFilter(query, 100, 1000, destinations.get()), dryRun);
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
            api.audit(ctx, "/admin/*");
            if (api.authorized(ctx)) {
                send(ctx, 404, JsonText.detail("No such path"));
            }
        });
        LOG.info("Admin API on the management port under /admin");
    }

    /** What an endpoint does once authorized, its query validated; null answers 404. */
    private interface Work {
        Object run(RoutingContext ctx, MultiMap query, AdminAudit audit) throws Exception;
    }

    private void endpoint(Router router, HttpMethod method, String path, Set<String> parameters, Work work) {
        router.route(method, path).handler(ctx -> {
            AdminAudit audit = audit(ctx, path);
            if (authorized(ctx)) {
                ctx.vertx().executeBlocking(() -> work.run(ctx, QueryParameters.of(ctx, parameters), audit), false)
                        .onComplete(result -> answer(ctx, result));
            }
        });
    }

    private AdminAudit audit(RoutingContext ctx, String route) {
        String given = ctx.request().getHeader("Authorization");
        return AdminAudit.start(ctx, route, fingerprintKey,
                given != null && given.startsWith(BEARER) ? given.substring(BEARER.length()) : given);
    }

    /** Answers 401 unless the request carries the token. */
    private boolean authorized(RoutingContext ctx) {
        String given = ctx.request().getHeader("Authorization");
        if (given == null || !MessageDigest.isEqual(expectedAuthorization, given.getBytes(StandardCharsets.UTF_8))) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            send(ctx, 401, JsonText.detail("Unauthorized"));
            return false;
        }
        return true;
    }

    private static void answer(RoutingContext ctx, AsyncResult<Object> result) {
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
