package beginibridge.http;

import java.util.function.IntConsumer;

import beginibridge.json.JsonText;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.http.HttpClosedException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the answers Vert.x gives on its own (unknown path, body over the size cap, failures outside a route) JSON
 * like every other answer of the webhook port, and free of request content.
 */
public final class JsonErrorPages {

    private static final Logger LOG = LoggerFactory.getLogger(JsonErrorPages.class);

    private JsonErrorPages() {
    }

    /** @param onFailure told the status of every failure answered here (the size cap's 413 is a webhook outcome) */
    public static void install(Router router, IntConsumer onFailure) {
        router.route().last().handler(ctx -> answer(ctx, 404, "Not Found"));
        router.route().failureHandler(ctx -> {
            if (ctx.response().ended() || ctx.response().closed() || ctx.failure() instanceof HttpClosedException) {
                return; // answered already (a 408, a refusal), or the client is gone: nothing to say, nothing to count
            }
            onFailure.accept(ctx.statusCode() >= 400 ? ctx.statusCode() : 500);
            answerFailure(ctx);
        });
    }

    private static void answerFailure(RoutingContext ctx) {
        int status = ctx.statusCode();
        if (status >= 400 && status < 500) {
            HttpResponseStatus known = HttpResponseStatus.valueOf(status);
            answer(ctx, status, status == 413 ? "Payload Too Large" : known.reasonPhrase());
        } else {
            LOG.warn("Webhook port answered 500 outside the routes: {}",
                    ctx.failure() == null ? "status " + status : ctx.failure().getClass().getName());
            answer(ctx, 500, "Internal Server Error");
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
