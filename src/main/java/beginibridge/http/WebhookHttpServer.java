package beginibridge.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

import beginibridge.json.JsonText;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server of the webhook port: Camel's platform-http server (its router, body handler and consumers as
 * usual), started with the bounds an internet-facing port needs, which Camel's own server does not offer: an idle
 * timeout and a whole-request deadline per connection, a cap on connections, a budget for the bodies buffered
 * before their signature is checked, HTTP/1.1 only (no cleartext HTTP/2, neither by upgrade nor by prior
 * knowledge), and JSON for the answers Vert.x would give in plain text or empty (malformed requests, unknown paths,
 * bodies over the size cap).
 */
public final class WebhookHttpServer extends VertxPlatformHttpServer {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookHttpServer.class);

    private final VertxPlatformHttpServerConfiguration configuration;
    private final EdgeLimits limits;
    private final SourceAllowlist sources;
    private final IntConsumer onAnswerOutsideRoutes;
    private final BodyBudget budget;
    private final Map<HttpConnection, ConnectionWatch> watches = new ConcurrentHashMap<>();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile HttpServer server;
    private volatile Vertx ownVertx;

    /**
     * @param onAnswerOutsideRoutes told the status of every answer given before the routes run (limits, malformed requests,
     *                              failures such as 413)
     */
    public WebhookHttpServer(String host, int port, EdgeLimits limits, SourceAllowlist sources,
                             IntConsumer onAnswerOutsideRoutes) {
        this(configuration(host, port, limits), limits, sources, onAnswerOutsideRoutes);
    }

    private WebhookHttpServer(VertxPlatformHttpServerConfiguration configuration, EdgeLimits limits,
                              SourceAllowlist sources, IntConsumer onAnswerOutsideRoutes) {
        super(configuration);
        this.configuration = configuration;
        this.limits = limits;
        this.sources = sources;
        this.onAnswerOutsideRoutes = onAnswerOutsideRoutes;
        this.budget = new BodyBudget(limits.maxBufferedBodyBytes());
    }

    private static VertxPlatformHttpServerConfiguration configuration(String host, int port, EdgeLimits limits) {
        VertxPlatformHttpServerConfiguration configuration = new VertxPlatformHttpServerConfiguration();
        configuration.setBindHost(host);
        configuration.setBindPort(port);
        configuration.setMaxBodySize(limits.maxBodyBytes());
        configuration.getBodyHandler().setHandleFileUploads(false);
        // the body's buffer is sized by its Content-Length at once (the budget has reserved it), not grown by doubling
        configuration.getBodyHandler().setPreallocateBodyBuffer(true);
        configuration.setServerType(VertxPlatformHttpRouter.SERVER_TYPE_SERVER);
        return configuration;
    }

    @Override
    protected void startServer() throws Exception {
        HttpServerOptions options = new HttpServerOptions()
                .setIdleTimeout((int) limits.idleTimeout().toMillis())
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setHttp2ClearTextEnabled(false)
                .setCompressionSupported(false)
                .setDecompressionSupported(false);
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(getCamelContext(),
                VertxPlatformHttpRouter.getRouterNameFromPort(configuration.getBindPort()));
        router.route().order(Integer.MIN_VALUE).handler(new WebhookEdge(watches, budget, sources,
                limits.maxBodyBytes(), onAnswerOutsideRoutes));
        JsonErrorPages.install(router, onAnswerOutsideRoutes);
        HttpServer created = getVertx().createHttpServer(options);
        created.connectionHandler(this::watch);
        created.invalidRequestHandler(this::answerMalformed);
        created.requestHandler(router);
        server = created.listen(configuration.getBindPort(), configuration.getBindHost())
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        LOG.info("Webhook port listening on {}:{} (idle timeout {} ms, request deadline {} ms, at most {} connections"
                        + " and {} body bytes buffered; sources {})", configuration.getBindHost(), server.actualPort(),
                limits.idleTimeout().toMillis(), limits.requestTimeout().toMillis(), limits.maxConnections(),
                limits.maxBufferedBodyBytes(), sources.isOpen() ? "any" : "allowlisted");
    }

    private void watch(HttpConnection connection) {
        boolean overCapacity = connections.incrementAndGet() > limits.maxConnections();
        ConnectionWatch watch = new ConnectionWatch(getVertx(), connection, budget, limits.requestTimeout().toMillis(),
                overCapacity, () -> onAnswerOutsideRoutes.accept(408));
        watches.put(connection, watch);
        connection.closeHandler(closed -> {
            watches.remove(connection);
            watch.closed();
            connections.decrementAndGet();
        });
    }

    /** A request Netty could not parse: JSON like every other answer, then the connection is closed. */
    private void answerMalformed(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        int status = cause instanceof TooLongHttpLineException ? 414
                : cause instanceof TooLongHttpHeaderException ? 431 : 400;
        onAnswerOutsideRoutes.accept(status);
        request.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .putHeader("Connection", "close")
                .end(JsonText.detail(HttpResponseStatus.valueOf(status).reasonPhrase()))
                .onComplete(written -> request.connection().close());
    }

    @Override
    protected void stopServer() {
        HttpServer running = server;
        server = null;
        if (running != null) {
            awaitClosed(running.close(), "Webhook port");
        }
    }

    /** The Vert.x this server made for itself (none was in the registry), which it closes when it stops. */
    @Override
    protected Vertx createVertxInstance() {
        Vertx created = super.createVertxInstance();
        ownVertx = created;
        return created;
    }

    /**
     * Closes the Vert.x this server made. Camel's own does so on an executor that only Camel's startServer creates,
     * which this server replaces: it failed with a NullPointerException at every stop and left Vert.x's threads
     * running until the process exited.
     */
    @Override
    protected void stopVertx() {
        Vertx own = ownVertx;
        ownVertx = null;
        if (own != null) {
            awaitClosed(own.close(), "Vert.x of the webhook port");
        }
    }

    /** Waits up to 10 s for {@code closing}; a failure or a timeout is said in one line, not thrown. */
    private static void awaitClosed(Future<Void> closing, String what) {
        try {
            closing.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("{} did not close cleanly: {}", what, e.getClass().getSimpleName());
        }
    }

    /** The running Vert.x server, for Camel's platform-http engine to find the port. */
    @Override
    public HttpServer getServer() {
        return server;
    }

    /** Connections open now. */
    public int openConnections() {
        return connections.get();
    }

    /** Body bytes reserved by requests in flight now. */
    public long bufferedBodyBytes() {
        return budget.held();
    }
}
