package beginibridge.admin;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import beginibridge.json.JsonText;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Serves the ops console, the static pages packaged in the jar under {@code console/}, at {@code /console/} on the
 * management port, next to the admin API they call; installed with it, so only when {@code admin.token} is set. The
 * pages hold no secret (the token is typed in and kept by the browser tab), and a policy that allows only this origin
 * and no framing keeps a value rendered by mistake as markup from loading or sending anything.
 */
final class ConsolePages {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; frame-ancestors 'none'";
    private static final String ROOT = "console/";
    /** File names of the console: no "..", no hidden file, nothing a class loader resolves outside its folder. */
    private static final Pattern FILE = Pattern.compile("([A-Za-z0-9_-]+/)*[A-Za-z0-9_-]+\\.[a-z0-9]+");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8", "js", "text/javascript; charset=utf-8",
            "json", "application/json", "svg", "image/svg+xml", "png", "image/png", "ico", "image/x-icon");

    private ConsolePages() {
    }

    static void install(Router router) {
        // one route: Vert.x matches /console/ to a route of /console as well
        router.get("/console*").handler(ctx -> {
            String path = ctx.request().path();
            if (path.equals("/console")) {
                secured(ctx).setStatusCode(301).putHeader("Location", "/console/").end();
            } else if (path.startsWith("/console/")) {
                serve(ctx);
            } else {
                ctx.next();
            }
        });
    }

    private static void serve(RoutingContext ctx) {
        String name = ctx.request().path().substring("/console/".length());
        if (name.isEmpty()) {
            name = "index.html";
        }
        String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT));
        byte[] file = FILE.matcher(name).matches() && type != null ? read(ROOT + name) : null;
        if (file == null) {
            secured(ctx).setStatusCode(404).putHeader("Content-Type", "application/json")
                    .end(JsonText.detail("No such page"));
            return;
        }
        secured(ctx).putHeader("Content-Type", type).end(Buffer.buffer(file));
    }

    private static byte[] read(String resource) {
        try (InputStream in = ConsolePages.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException unreadable) {
            return null;
        }
    }

    private static HttpServerResponse secured(RoutingContext ctx) {
        return ctx.response().putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .putHeader("X-Content-Type-Options", "nosniff").putHeader("Cache-Control", "no-cache");
    }
}
