package beginibridge.http;

import beginibridge.json.JsonText;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * The deadline of one connection of the webhook port: each request must arrive whole (head and body) within the
 * request timeout of the connection's opening or of the previous answer on it. Vert.x's idle timeout closes a silent
 * connection; this closes one that keeps sending a byte now and then. A request whose head came but whose body is
 * late is answered 408 before the connection closes; one whose head never came is closed. Once a request is whole,
 * the time its answer takes is the route's, bounded there (the inbox's statement timeout), so it is not cut short.
 *
 * <p>It also holds what the connection's request reserved of the {@link BodyBudget}, given back on the answer or the
 * close, whichever comes first. Every method runs on the connection's event loop.
 */
final class ConnectionWatch {

    private static final long CLOSE_GRACE_MILLIS = 1000;

    private final Vertx vertx;
    private final HttpConnection connection;
    private final BodyBudget budget;
    private final long timeoutMillis;
    private final Runnable onRequestTimeout;
    private final boolean overCapacity;
    private long timer = -1;
    private HttpServerRequest current;
    private long reserved;
    private boolean closed;

    ConnectionWatch(Vertx vertx, HttpConnection connection, BodyBudget budget, long timeoutMillis,
                    boolean overCapacity, Runnable onRequestTimeout) {
        this.vertx = vertx;
        this.connection = connection;
        this.budget = budget;
        this.overCapacity = overCapacity;
        this.timeoutMillis = overCapacity ? Math.min(timeoutMillis, CLOSE_GRACE_MILLIS) : timeoutMillis;
        this.onRequestTimeout = onRequestTimeout;
        arm();
    }

    /** Opened past the connection cap: its request, if one comes at once, is answered 503 and the connection closed. */
    boolean overCapacity() {
        return overCapacity;
    }

    /** A request's head has arrived; its deadline is the one already running. */
    void requestArrived(HttpServerRequest request) {
        current = request;
    }

    /** Holds these body bytes for the current request. */
    void hold(long bytes) {
        reserved += bytes;
    }

    /** The current request is answered: its bytes go back, and the next request's deadline starts. */
    void answered() {
        current = null;
        release();
        if (!closed) {
            cancel();
            arm();
        }
    }

    void closed() {
        closed = true;
        cancel();
        release();
    }

    private void expire() {
        timer = -1;
        if (closed) {
            return;
        }
        if (current == null) {
            connection.close(); // no whole request head in time: nothing to answer
        } else if (!current.isEnded()) {
            onRequestTimeout.run();
            answerAndClose(current.response(), 408, "Request Timeout");
        } else {
            arm(); // whole, and being answered by the route
        }
    }

    /**
     * Refuses a request before its body is read: the body that follows is read and dropped (held nowhere), so that
     * closing the connection with bytes unread does not reset it before the client has read the answer; the
     * connection is closed once the body has ended, or after a second.
     */
    void refuseAndClose(HttpServerRequest request, int status, String detail) {
        if (request.isEnded()) {
            answerAndClose(request.response(), status, detail);
            return;
        }
        request.handler(dropped -> { });
        request.endHandler(ended -> connection.close());
        request.resume();
        answer(request.response(), status, detail);
        vertx.setTimer(CLOSE_GRACE_MILLIS, id -> connection.close());
    }

    /** Answers with a JSON detail where the answer has not started, and closes the connection once it is written. */
    private void answerAndClose(HttpServerResponse response, int status, String detail) {
        answer(response, status, detail).onComplete(written -> connection.close());
        // a client that reads nothing would keep the answer, and the connection, pending
        vertx.setTimer(CLOSE_GRACE_MILLIS, id -> connection.close());
    }

    /** Writes the answer unless one has started; completes once written (at once when none could be). */
    private static Future<Void> answer(HttpServerResponse response, int status, String detail) {
        if (response.headWritten() || response.ended()) {
            return Future.succeededFuture();
        }
        return response.setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .putHeader("Connection", "close")
                .end(JsonText.detail(detail));
    }

    private void arm() {
        timer = vertx.setTimer(timeoutMillis, id -> expire());
    }

    private void cancel() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    private void release() {
        if (reserved > 0) {
            budget.release(reserved);
            reserved = 0;
        }
    }
}
