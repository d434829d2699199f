package beginibridge.bench;

import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;

/**
 * The full pipeline's destinations: a CRM stub that answers every POST 200 and counts it, and a minimal SMTP
 * sink that accepts every mail and counts it. {@code GET /counts} on the CRM port answers {@code crm smtp crm-connections
 * smtp-connections}. With a
 * PostgreSQL proxy port, also the {@link PgWireCounter} in front of PostgreSQL, whose counts {@code GET /pg-counts}
 * answers as {@code roundtrips statements}.
 */
public final class Sinks {

    static final AtomicLong CRM = new AtomicLong();
    static final AtomicLong MAILS = new AtomicLong();
    /** Connections opened to each sink: few, when the bridge keeps them alive and reuses them. */
    static final AtomicLong CRM_CONNECTIONS = new AtomicLong();
    static final AtomicLong SMTP_CONNECTIONS = new AtomicLong();

    private Sinks() {
    }

    static void start(int crmPort, int smtpPort, int pgProxyPort, String pgHost, int pgPort) {
        Vertx vertx = Vertx.vertx();
        vertx.createHttpServer().requestHandler(request -> {
            if (request.path().equals("/counts")) {
                request.response().end(CRM.get() + " " + MAILS.get() + " " + CRM_CONNECTIONS.get() + " "
                        + SMTP_CONNECTIONS.get());
                return;
            }
            if (request.path().equals("/pg-counts")) {
                request.response().end(PgWireCounter.ROUND_TRIPS.get() + " " + PgWireCounter.STATEMENTS.get() + " "
                        + PgWireCounter.FLUSH_WAITING_COMMITS.get());
                return;
            }
            request.body().onComplete(body -> {
                CRM.incrementAndGet();
                request.response().putHeader("Content-Type", "application/json").end("{\"ok\":true}");
            });
        }).connectionHandler(connection -> CRM_CONNECTIONS.incrementAndGet()).listen(crmPort, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        vertx.createNetServer().connectHandler(Sinks::smtp).listen(smtpPort, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().join();
        if (pgProxyPort > 0) {
            PgWireCounter.start(vertx, pgProxyPort, pgHost, pgPort);
        }
        System.out.println("CRM stub on " + crmPort + ", SMTP sink on " + smtpPort
                + (pgProxyPort > 0 ? ", PostgreSQL counting proxy on " + pgProxyPort : ""));
    }

    private static void smtp(NetSocket socket) {
        SMTP_CONNECTIONS.incrementAndGet();
        socket.write("220 bench-sink ESMTP\r\n");
        boolean[] inData = {false};
        RecordParser lines = RecordParser.newDelimited("\r\n", line -> {
            String text = line.toString();
            if (inData[0]) {
                if (text.equals(".")) {
                    inData[0] = false;
                    MAILS.incrementAndGet();
                    socket.write("250 2.0.0 queued\r\n");
                }
                return;
            }
            String verb = text.length() >= 4 ? text.substring(0, 4).toUpperCase() : text.toUpperCase();
            switch (verb) {
                case "EHLO" -> socket.write("250-bench-sink\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n");
                case "HELO" -> socket.write("250 bench-sink\r\n");
                case "DATA" -> {
                    inData[0] = true;
                    socket.write("354 end with .\r\n");
                }
                case "QUIT" -> socket.write("221 bye\r\n").onComplete(x -> socket.close());
                default -> socket.write("250 OK\r\n");
            }
        });
        socket.handler(lines);
    }
}
