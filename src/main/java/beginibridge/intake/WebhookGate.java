package beginibridge.intake;

import java.time.Duration;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import beginibridge.event.IntakeExchange;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.WebServerRequest;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/**
 * The intake's checks that need no database, made on the HTTP server's event loop as soon as the body is in, before
 * the intake route takes a worker thread: not a POST (405), not JSON (415), no valid signature (403). So these
 * answers never wait behind webhooks blocked on a slow database, and a flood of forged webhooks costs no worker. A
 * webhook that passes goes on to the route with its verdict, which the route's first step
 * ({@link #admit(Exchange)}) takes over: the exact body bytes and the integrations that signed them; that step also
 * hands the exchange answering the webhook to the intake's metrics.
 */
public final class WebhookGate implements Handler<RoutingContext> {

    static final String VERDICT = "beginibridge.verdict";

    private final CamelContext camelContext;
    private final BiConsumer<Integer, Duration> onRefusal;
    private final Consumer<Exchange> onAdmitted;
    private final RequestGuard guard = new RequestGuard();
    private volatile SignatureVerifier verifier;

    /**
     * @param onRefusal  told the status and time of every refusal answered here
     * @param onAdmitted handed the exchange that will answer each admitted webhook, before the route goes on
     */
    public WebhookGate(CamelContext camelContext, BiConsumer<Integer, Duration> onRefusal,
            Consumer<Exchange> onAdmitted) {
        this.camelContext = camelContext;
        this.onRefusal = onRefusal;
        this.onAdmitted = onAdmitted;
    }

    private record Verdict(byte[] body, Set<String> signers) {
    }

    @Override
    public void handle(RoutingContext ctx) {
        long started = System.nanoTime();
        HttpServerRequest request = ctx.request();
        try {
            String signature = guard.check(request);
            Buffer buffered = ctx.body().buffer();
            byte[] body = buffered == null ? new byte[0] : buffered.getBytes();
            Set<String> signers = verifier().signersOf(body, signature);
            if (signers.isEmpty()) {
                throw WebhookRejection.forbidden();
            }
            ctx.put(VERDICT, new Verdict(body, signers));
            ctx.next();
        } catch (WebhookRejection rejection) {
            if (rejection.getStatus() == 405) {
                ctx.response().putHeader("Allow", "POST");
            }
            ctx.response().setStatusCode(rejection.getStatus())
                    .putHeader("Content-Type", "application/json")
                    .end(rejection.getJson());
            onRefusal.accept(rejection.getStatus(), Duration.ofNanos(System.nanoTime() - started));
        }
    }

    /**
     * Route step: the body as the gate verified it, and who signed it; every request header is dropped, so none can
     * be echoed in the answer.
     */
    public void admit(Exchange exchange) {
        onAdmitted.accept(exchange);
        Message in = exchange.getMessage();
        if (!(in instanceof HttpMessage http) || !(http.getRequest() instanceof WebServerRequest web)
                || !(web.routingContext().get(VERDICT) instanceof Verdict verdict)) {
            throw new IllegalStateException("The intake must be fed by platform-http on Vert.x, through the gate");
        }
        in.removeHeaders("*");
        in.setBody(verdict.body());
        exchange.setProperty(IntakeExchange.SIGNED_BY, verdict.signers());
    }

    private SignatureVerifier verifier() {
        if (verifier == null) {
            verifier = camelContext.getRegistry().lookupByNameAndType("signatureVerifier", SignatureVerifier.class);
        }
        return verifier;
    }
}
