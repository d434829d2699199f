package beginibridge.bench;

import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;

/**
 * A pass-through TCP proxy in front of PostgreSQL that reads the frontend side of the wire protocol and counts what
 * the bridge asks of the database: round trips (a Sync closes a pipeline of extended-protocol messages, a simple Query
 * is one on its own) and statements (Execute or Query). The count is what the cost model is made of: at about
 * 170 us of PostgreSQL CPU per round trip, the number of round trips per event decides the throughput. The client must
 * not use TLS ({@code sslmode=disable}), or there would be nothing to read.
 */
final class PgWireCounter {

    static final AtomicLong ROUND_TRIPS = new AtomicLong();
    static final AtomicLong STATEMENTS = new AtomicLong();

    private static final int SSL_REQUEST = 80877103;
    private static final int GSS_REQUEST = 80877104;

    private PgWireCounter() {
    }

    static void start(Vertx vertx, int port, String pgHost, int pgPort) {
        vertx.createNetServer().connectHandler(client -> {
            client.pause();
            vertx.createNetClient().connect(pgPort, pgHost).onSuccess(server -> {
                Frontend frontend = new Frontend();
                pipe(client, server, frontend);
                pipe(server, client, null);
                client.resume();
            }).onFailure(e -> client.close());
        }).listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
    }

    private static void pipe(NetSocket from, NetSocket to, Frontend frontend) {
        from.handler(bytes -> {
            if (frontend != null) {
                frontend.read(bytes);
            }
            to.write(bytes);
            if (to.writeQueueFull()) {
                from.pause();
                to.drainHandler(v -> from.resume());
            }
        });
        from.closeHandler(v -> to.close());
    }

    /** The client's byte stream cut into messages: untyped ones until the startup message, typed ones after it. */
    private static final class Frontend {
        private Buffer pending = Buffer.buffer();
        private boolean started;

        void read(Buffer bytes) {
            pending.appendBuffer(bytes);
            int at = 0;
            while (true) {
                if (!started) {
                    if (pending.length() - at < 8) {
                        break;
                    }
                    int length = pending.getInt(at);
                    if (pending.length() - at < length) {
                        break;
                    }
                    int code = pending.getInt(at + 4);
                    started = code != SSL_REQUEST && code != GSS_REQUEST;
                    at += length;
                } else {
                    if (pending.length() - at < 5) {
                        break;
                    }
                    int length = pending.getInt(at + 1);
                    if (pending.length() - at < 1 + length) {
                        break;
                    }
                    switch (pending.getByte(at)) {
                        case 'S' -> ROUND_TRIPS.incrementAndGet();
                        case 'Q' -> {
                            ROUND_TRIPS.incrementAndGet();
                            STATEMENTS.incrementAndGet();
                        }
                        case 'E' -> STATEMENTS.incrementAndGet();
                        default -> {
                        }
                    }
                    at += 1 + length;
                }
            }
            pending = pending.getBuffer(at, pending.length());
        }
    }
}
