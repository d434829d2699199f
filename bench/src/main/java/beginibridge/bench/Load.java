package beginibridge.bench;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import org.HdrHistogram.Histogram;

/**
 * The open-model generator: request i is due at start + i / rate, whatever happened to the earlier ones, and its
 * latency is measured from that due time, not from when it could be sent. A server that stalls therefore shows its
 * stall in every request that fell due meanwhile (no coordinated omission). Answers are counted by status and by
 * what the body says (accepted / duplicate), and checked against what the pool expects.
 *
 * <p>Like any well-behaved HTTP/1.1 client of a server with an idle timeout, the generator closes a pooled connection
 * that has been idle for {@code keepAliveSeconds}, which must stay below the server's idle timeout (the bridge's
 * {@code http.idle-timeout}, 10 s by default): otherwise a request sent on a connection just as the server closes it
 * for idleness fails with {@link HttpClosedException} (a POST is not retried). Each such failure is counted with how
 * long its connection had been idle before the request, so that a server's idle close shows as such.
 */
final class Load {

    record Result(long sent, long completed, Map<String, Long> answers, long mismatches, long errors, long timeouts,
            Histogram latencyMicros, double seconds, double maxSchedulerLagMs, long generatorCpuMicros,
            long serverCpuMicros, long connectionsOpened, Histogram closedAfterIdleMillis) {
    }

    /** The connections of one client: how many were opened, and when each last finished an answer (or opened). */
    private static final class Connections {
        final Map<HttpConnection, Long> lastActive = new ConcurrentHashMap<>();
        long opened;
        /** Per request failed with HttpClosedException: how long its connection had been idle before it, in ms. */
        final Histogram closedAfterIdleMillis = new Histogram(3);

        void opened(HttpConnection connection) {
            opened++;
            lastActive.put(connection, System.nanoTime());
            connection.closeHandler(v -> lastActive.remove(connection));
        }

        void active(HttpConnection connection) {
            lastActive.replace(connection, System.nanoTime());
        }

        long idleNanos(HttpConnection connection, long at) {
            Long last = connection == null ? null : lastActive.get(connection);
            return last == null ? -1 : at - last;
        }
    }

    private Load() {
    }

    /**
     * Sends the warm-up pool (its answers discarded: it warms the generator's JIT and connections, and the server),
     * then the measured pool, both at the given rate, on one client.
     */
    static Result run(String host, int port, String path, List<Bodies.Request> warmup, List<Bodies.Request> pool,
            double rate, long pid, long timeoutMs, int connections, int keepAliveSeconds)
            throws InterruptedException {
        Vertx vertx = Vertx.vertx();
        try {
            Context context = vertx.getOrCreateContext();
            Connections tracked = new Connections();
            HttpClient client = vertx.httpClientBuilder()
                    .with(new HttpClientOptions().setKeepAlive(true).setKeepAliveTimeout(keepAliveSeconds)
                            .setDefaultHost(host).setDefaultPort(port).setConnectTimeout(5000))
                    .with(new PoolOptions().setHttp1MaxSize(connections))
                    .withConnectHandler(connection -> context.runOnContext(v -> tracked.opened(connection)))
                    .build();
            if (!warmup.isEmpty()) {
                schedule(client, context, path, warmup, rate, -1, timeoutMs, new Connections());
            }
            return schedule(client, context, path, pool, rate, pid, timeoutMs, tracked);
        } finally {
            vertx.close();
        }
    }

    private static Result schedule(HttpClient client, Context context, String path, List<Bodies.Request> pool,
            double rate, long pid, long timeoutMs, Connections tracked) throws InterruptedException {
        {
            Histogram histogram = new Histogram(3); // auto-resizing: no value is ever out of range
            Map<String, Long> answers = new TreeMap<>();
            long[] counters = new long[4]; // completed, mismatches, errors, timeouts
            CountDownLatch done = new CountDownLatch(pool.size());
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpuBefore = os.getProcessCpuTime();
            long serverBefore = Proc.cpuMicros(pid);
            long periodNanos = (long) (1e9 / rate);
            long start = System.nanoTime() + 50_000_000;
            long maxLag = 0;
            for (int i = 0; i < pool.size(); i++) {
                long due = start + i * periodNanos;
                long now;
                while ((now = System.nanoTime()) < due) {
                    LockSupport.parkNanos(due - now);
                }
                maxLag = Math.max(maxLag, now - due);
                Bodies.Request request = pool.get(i);
                context.runOnContext(v -> send(client, path, request, due, timeoutMs, histogram, answers, counters,
                        done, tracked));
            }
            long sendEnd = System.nanoTime();
            boolean all = done.await(timeoutMs + 5000, TimeUnit.MILLISECONDS);
            long cpuAfter = os.getProcessCpuTime();
            long serverAfter = Proc.cpuMicros(pid);
            long serverCpu = serverBefore < 0 || serverAfter < 0 ? -1 : serverAfter - serverBefore;
            CountDownLatch snapshot = new CountDownLatch(1);
            Result[] result = new Result[1];
            long lag = maxLag;
            context.runOnContext(v -> {
                Map<String, Long> copy = new TreeMap<>(answers);
                long missing = all ? 0 : done.getCount();
                result[0] = new Result(pool.size(), counters[0], copy, counters[1], counters[2],
                        counters[3] + missing, histogram.copy(), (sendEnd - start) / 1e9, lag / 1e6,
                        (cpuAfter - cpuBefore) / 1000, serverCpu, tracked.opened, tracked.closedAfterIdleMillis.copy());
                snapshot.countDown();
            });
            snapshot.await();
            return result[0];
        }
    }

    private static void send(HttpClient client, String path, Bodies.Request request, long due, long timeoutMs,
            Histogram histogram, Map<String, Long> answers, long[] counters, CountDownLatch done,
            Connections tracked) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setURI(path)
                .setIdleTimeout(timeoutMs).putHeader("Content-Type", "application/json")
                .putHeader("X-Signature", request.signature());
        HttpConnection[] connection = new HttpConnection[1];
        long[] idleBefore = {-1};
        client.request(options)
                .compose(req -> {
                    connection[0] = req.connection();
                    idleBefore[0] = tracked.idleNanos(connection[0], System.nanoTime());
                    return req.send(Buffer.buffer(request.body()));
                })
                .compose(response -> response.body().map(body -> {
                    tracked.active(connection[0]);
                    String outcome = outcome(response.statusCode(), body.toString());
                    answers.merge(outcome, 1L, Long::sum);
                    if (!matches(outcome, request.expect())) {
                        counters[1]++;
                    }
                    return outcome;
                }))
                .onComplete(ar -> {
                    histogram.recordValue(Math.max(1, (System.nanoTime() - due) / 1000));
                    if (ar.succeeded()) {
                        counters[0]++;
                    } else if (String.valueOf(ar.cause()).contains("imeout")) {
                        counters[3]++;
                    } else {
                        counters[2]++;
                        if (ar.cause() instanceof HttpClosedException && idleBefore[0] >= 0) {
                            tracked.closedAfterIdleMillis.recordValue(idleBefore[0] / 1_000_000);
                        }
                        answers.merge("error " + ar.cause().getClass().getSimpleName(), 1L, Long::sum);
                    }
                    done.countDown();
                });
    }

    static String outcome(int status, String body) {
        if (status == 200 && body.contains("\"accepted\"")) {
            return "200 accepted";
        }
        if (status == 200 && body.contains("\"duplicate\"")) {
            return "200 duplicate";
        }
        return String.valueOf(status);
    }

    /** E0 answers 200 "ok" to everything: counted as a mismatch only for the bridge and B1. */
    private static boolean matches(String outcome, Bodies.Expect expect) {
        return switch (expect) {
            // a redelivery may overtake its first copy still in flight: then the copy is the one accepted
            case ACCEPTED, DUPLICATE -> outcome.equals("200 accepted") || outcome.equals("200 duplicate");
            case FORBIDDEN -> outcome.equals("403");
        };
    }
}
