package beginibridge.http;

import beginibridge.intake.JsonText;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Makes the answers Vert.x gives on its own (unknown path, body over the size cap, failures outside a route) JSON
 * like every other answer of the webhook port, and free of request content.
 */
public final class JsonErrorPages {

    private JsonErrorPages() {
    }

    public static void install(Router router) {
        router.route().last().handler(ctx -> answer(ctx, 404, "Not Found"));
        router.route().failureHandler(JsonErrorPages::answerFailure);
    }

    private static void answerFailure(RoutingContext ctx) {
        switch (ctx.statusCode()) {
            case 404 -> answer(ctx, 404, "Not Found");
            case 405 -> answer(ctx, 405, "Method Not Allowed");
            case 413 -> answer(ctx, 413, "Payload Too Large");
            default -> answer(ctx, 500, "Internal Server Error");
        }
    }

    private static void answer(RoutingContext ctx, int status, String detail) {
        if (ctx.response().headWritten()) {
            ctx.response().end();
            return;
        }
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(JsonText.detail(detail));
    }
}
