package beginibridge.http;

import java.util.Map;
import java.util.function.IntConsumer;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * The first handler of every request on the webhook port, before a byte of its body is read: ties the request to
 * its connection's deadline, refuses a source outside the allowlist, and reserves the request's declared body from
 * the {@link BodyBudget}, answering 503 at once when the connection came past the cap or the budget has no room (so
 * that the heap never grows with bodies nobody has authenticated). A body declared larger than
 * {@code begini.max-body-bytes} is left to the body handler, which refuses it with 413 before reading it.
 */
final class WebhookEdge implements Handler<RoutingContext> {

    private final Map<HttpConnection, ConnectionWatch> watches;
    private final BodyBudget budget;
    private final SourceAllowlist sources;
    private final long maxBodyBytes;
    private final IntConsumer onRefusal;

    WebhookEdge(Map<HttpConnection, ConnectionWatch> watches, BodyBudget budget, SourceAllowlist sources,
                long maxBodyBytes, IntConsumer onRefusal) {
        this.watches = watches;
        this.budget = budget;
        this.sources = sources;
        this.maxBodyBytes = maxBodyBytes;
        this.onRefusal = onRefusal;
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        ConnectionWatch watch = watches.get(request.connection());
        if (watch == null) {
            request.connection().close(); // not a connection this server accepted as HTTP/1.x
            return;
        }
        watch.requestArrived(request);
        ctx.addEndHandler(answered -> watch.answered());
        if (!sources.allows(request)) {
            refuse(watch, request, 403, "Source not allowed");
            return;
        }
        if (watch.overCapacity()) {
            refuse(watch, request, 503, "Temporarily unavailable");
            return;
        }
        long declared = declaredBodyBytes(request);
        if (declared <= maxBodyBytes) {
            if (!budget.tryReserve(declared)) {
                refuse(watch, request, 503, "Temporarily unavailable");
                return;
            }
            watch.hold(declared);
        }
        ctx.next();
    }

    private void refuse(ConnectionWatch watch, HttpServerRequest request, int status, String detail) {
        onRefusal.accept(status);
        watch.refuseAndClose(request, status, detail);
    }

    /**
     * The body length the request announces: its Content-Length, or the size cap for a chunked body (whose length
     * is known only at its end), or nothing. Netty has already refused a malformed or repeated Content-Length.
     */
    private long declaredBodyBytes(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                return Long.parseLong(length.trim());
            } catch (NumberFormatException malformed) {
                return Long.MAX_VALUE;
            }
        }
        return request.headers().contains(HttpHeaders.TRANSFER_ENCODING) ? maxBodyBytes : 0;
    }
}
