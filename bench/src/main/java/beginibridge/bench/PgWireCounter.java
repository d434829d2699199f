package beginibridge.bench;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;

/**
 * A pass-through TCP proxy in front of PostgreSQL that reads both sides of the wire protocol and counts what the
 * bridge asks of the database: round trips (a Sync closes a pipeline of extended-protocol messages, a simple Query
 * is one on its own), statements (Execute or Query) and the commits that wait for the WAL flush. The count is what
 * the cost model is made of: at about 170 us of PostgreSQL CPU per round trip, the number of round trips per
 * event decides the throughput. The client must not use TLS ({@code sslmode=disable}), or there would be nothing to
 * read.
 *
 * <p>A commit waits for the flush when its transaction wrote and ran with {@code synchronous_commit} on. Per
 * connection the proxy follows each transaction until the server reports it over (ReadyForQuery, idle): it wrote when
 * a command's tag reports changed rows (INSERT, UPDATE, DELETE, MERGE, COPY with a count above 0), or when it ran a
 * statement that may write under a SELECT tag (a data-modifying WITH, a row lock: counted even when it touched no
 * row, so the figure errs high); it did not wait when one of its statements set {@code synchronous_commit} off
 * (the bridge's {@code set_config('synchronous_commit', 'off', true)}), or when it was rolled back or failed.
 */
final class PgWireCounter {

    static final AtomicLong ROUND_TRIPS = new AtomicLong();
    static final AtomicLong STATEMENTS = new AtomicLong();
    static final AtomicLong FLUSH_WAITING_COMMITS = new AtomicLong();

    private static final int SSL_REQUEST = 80877103;
    private static final int GSS_REQUEST = 80877104;
    private static final Pattern MAY_WRITE = Pattern.compile(
            "(?is)^\\s*WITH\\b.*\\b(INSERT|UPDATE|DELETE|MERGE)\\b.*|.*\\bFOR\\s+(NO\\s+KEY\\s+)?(UPDATE|SHARE)\\b.*");
    private static final Pattern NO_FLUSH_WAIT = Pattern.compile("(?is).*synchronous_commit\\W+(=|to|,)?\\s*'?off\\b.*");
    private static final Pattern CHANGED_ROWS = Pattern.compile("(INSERT \\d+|UPDATE|DELETE|MERGE|COPY) [1-9]\\d*");

    private PgWireCounter() {
    }

    static void start(Vertx vertx, int port, String pgHost, int pgPort) {
        vertx.createNetServer().connectHandler(client -> {
            client.pause();
            vertx.createNetClient().connect(pgPort, pgHost).onSuccess(server -> {
                Transaction transaction = new Transaction();
                pipe(client, server, new Frontend(transaction));
                pipe(server, client, new Backend(transaction));
                client.resume();
            }).onFailure(e -> client.close());
        }).listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
    }

    private static void pipe(NetSocket from, NetSocket to, Messages reader) {
        from.handler(bytes -> {
            reader.read(bytes);
            to.write(bytes);
            if (to.writeQueueFull()) {
                from.pause();
                to.drainHandler(v -> from.resume());
            }
        });
        from.closeHandler(v -> to.close());
    }

    /** What one connection's current transaction has done so far, as both directions of the stream tell it. */
    private static final class Transaction {
        final Map<String, String> statements = new HashMap<>();
        final Map<String, String> portals = new HashMap<>();
        boolean wrote;
        boolean noFlushWait;
        boolean failed;
        /** The client asked for TLS or GSS encryption: the server answers with one untyped byte. */
        boolean encryptionAsked;

        synchronized void parsed(String name, String sql) {
            statements.put(name, sql);
        }

        synchronized void bound(String portal, String statement) {
            portals.put(portal, statements.getOrDefault(statement, ""));
        }

        synchronized void executed(String sql) {
            if (MAY_WRITE.matcher(sql).matches()) {
                wrote = true;
            }
            if (NO_FLUSH_WAIT.matcher(sql).matches()) {
                noFlushWait = true;
            }
        }

        synchronized void executedPortal(String portal) {
            executed(portals.getOrDefault(portal, ""));
        }

        synchronized void completed(String tag) {
            if (tag.equals("ROLLBACK")) {
                failed = true;
            } else if (CHANGED_ROWS.matcher(tag).matches()) {
                wrote = true;
            }
        }

        synchronized void error() {
            failed = true;
        }

        /** ReadyForQuery: 'I' when no transaction is open any more, so the last one has ended. */
        synchronized void ready(byte status) {
            if (status != 'I') {
                return;
            }
            if (wrote && !noFlushWait && !failed) {
                FLUSH_WAITING_COMMITS.incrementAndGet();
            }
            wrote = false;
            noFlushWait = false;
            failed = false;
        }
    }

    /** A byte stream cut into typed messages (after the untyped start, which only the client sends). */
    private abstract static class Messages {
        private Buffer pending = Buffer.buffer();

        final void read(Buffer bytes) {
            pending.appendBuffer(bytes);
            int at = 0;
            while (true) {
                int used = untyped(pending, at);
                if (used < 0) {
                    break;
                }
                if (used > 0) {
                    at += used;
                    continue;
                }
                if (pending.length() - at < 5) {
                    break;
                }
                int length = pending.getInt(at + 1);
                if (pending.length() - at < 1 + length) {
                    break;
                }
                message(pending.getByte(at), pending.getBuffer(at + 5, at + 1 + length));
                at += 1 + length;
            }
            pending = pending.getBuffer(at, pending.length());
        }

        /** Bytes of an untyped message at {@code at} (0: a typed one follows; -1: wait for more bytes). */
        abstract int untyped(Buffer bytes, int at);

        abstract void message(byte type, Buffer body);
    }

    private static final class Frontend extends Messages {
        private final Transaction transaction;
        private boolean started;

        Frontend(Transaction transaction) {
            this.transaction = transaction;
        }

        @Override
        int untyped(Buffer bytes, int at) {
            if (started) {
                return 0;
            }
            if (bytes.length() - at < 8 || bytes.length() - at < bytes.getInt(at)) {
                return -1;
            }
            int code = bytes.getInt(at + 4);
            started = code != SSL_REQUEST && code != GSS_REQUEST;
            if (!started) {
                transaction.encryptionAsked = true;
            }
            return bytes.getInt(at);
        }

        @Override
        void message(byte type, Buffer body) {
            switch (type) {
                case 'S' -> ROUND_TRIPS.incrementAndGet();
                case 'Q' -> {
                    ROUND_TRIPS.incrementAndGet();
                    STATEMENTS.incrementAndGet();
                    transaction.executed(cString(body, 0));
                }
                case 'P' -> {
                    String name = cString(body, 0);
                    transaction.parsed(name, cString(body, name.getBytes(StandardCharsets.UTF_8).length + 1));
                }
                case 'B' -> {
                    String portal = cString(body, 0);
                    transaction.bound(portal, cString(body, portal.getBytes(StandardCharsets.UTF_8).length + 1));
                }
                case 'E' -> {
                    STATEMENTS.incrementAndGet();
                    transaction.executedPortal(cString(body, 0));
                }
                default -> {
                }
            }
        }
    }

    private static final class Backend extends Messages {
        private final Transaction transaction;

        Backend(Transaction transaction) {
            this.transaction = transaction;
        }

        @Override
        int untyped(Buffer bytes, int at) {
            synchronized (transaction) {
                if (!transaction.encryptionAsked) {
                    return 0;
                }
                if (bytes.length() - at < 1) {
                    return -1;
                }
                transaction.encryptionAsked = false; // the one-byte answer ('N': go on in the clear)
                return 1;
            }
        }

        @Override
        void message(byte type, Buffer body) {
            switch (type) {
                case 'C' -> transaction.completed(cString(body, 0));
                case 'E' -> transaction.error();
                case 'Z' -> transaction.ready(body.getByte(0));
                default -> {
                }
            }
        }
    }

    private static String cString(Buffer body, int from) {
        int end = from;
        while (end < body.length() && body.getByte(end) != 0) {
            end++;
        }
        return body.getString(from, end, "UTF-8");
    }
}
