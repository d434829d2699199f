package beginibridge.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import beginibridge.event.Envelope;
import beginibridge.event.IntakeExchange;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts every answer of the webhook endpoint by outcome ({@code begini_webhooks_total}), times it
 * ({@code begini_webhook_intake_seconds}) and logs it on one line, when the exchange that answered a webhook
 * completes: the intake's first step hands that exchange to {@link #watch(Exchange)}, so no other exchange of any
 * route costs anything here (an event notifier would be called for every exchange of every route). The line names
 * the event, its type and integration, and the uid only as a {@link UidHash}. Each refusal is also counted by reason
 * in the {@link RejectionLog}.
 */
public final class IntakeMetrics {

    private static final Logger LOG = LoggerFactory.getLogger("beginibridge.intake");
    private static final Duration[] INTAKE_BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10),
        Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
        Duration.ofSeconds(10)};

    private final CamelContext camelContext;
    private final UidHash uidHash;
    private final RejectionLog rejections;
    private volatile MeterRegistry registry;
    /** The meters of each outcome, looked up once rather than on every webhook. */
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public IntakeMetrics(CamelContext camelContext, UidHash uidHash, RejectionLog rejections) {
        this.camelContext = camelContext;
        this.uidHash = uidHash;
        this.rejections = rejections;
    }

    /**
     * Counts and logs {@code exchange}, the one answering a webhook, when it completes. Its completion stays with it:
     * the one-way hand-off to routing copies the exchange, and the copy must not take the answer's record along.
     */
    public void watch(Exchange exchange) {
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                answered(done);
            }

            @Override
            public boolean allowHandover() {
                return false;
            }
        });
    }

    private void answered(Exchange exchange) {
        Integer answered = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        int status = answered == null ? (exchange.isFailed() ? 500 : 200) : answered;
        String outcome = outcome(status, exchange.getProperty(IntakeExchange.OUTCOME, String.class));
        if (status != 200) {
            // past the gate, a 403 is a body naming an integration whose key did not sign it
            rejections.count(status == 403 ? "unknown_integration" : status == 400 ? "invalid_envelope" : outcome);
        }
        Duration took = Duration.ofMillis(Math.max(0, System.currentTimeMillis() - exchange.getClock().getCreated()));
        record(outcome, took);
        Envelope envelope = exchange.getProperty(IntakeExchange.ENVELOPE, Envelope.class);
        String eventId = exchange.getProperty(IntakeExchange.EVENT_ID, String.class);
        // one HMAC per webhook, for the line and its MDC field alike
        String hashedUid = envelope == null ? null : uidHash.of(envelope.uid());
        LogFields.eventWithHashedUid(eventId, hashedUid);
        LogFields.outcome(outcome);
        try {
            LOG.info("Webhook {} {} in {} ms event={} type={} integration={} uid#={}", status, outcome,
                    took.toMillis(), eventId == null ? "-" : eventId, envelope == null ? "-" : envelope.eventType(),
                    envelope == null ? "-" : envelope.integrationId(), hashedUid == null ? "-" : hashedUid);
        } finally {
            LogFields.clear();
        }
    }

    /**
     * Counts and logs an answer the webhook port gave before the intake route ran: its limits (408 deadline, 503 for
     * a connection past the cap or a body past the buffered-bytes budget, 403 for a source not allowed), the body
     * handler's 413, Netty's refusal of a malformed request. Not timed: most come before the request is whole.
     */
    public void answeredAtEdge(int status) {
        String outcome = switch (status) {
            case 400 -> "malformed";
            case 503 -> "overloaded";
            default -> outcome(status, null);
        };
        count(outcome);
        rejections.count(status == 403 ? "source_not_allowed" : outcome);
        LOG.info("Webhook {} {} event=- type=- integration=- uid#=-", status, outcome);
    }

    /** Counts, times and logs a refusal of the gate, made on the event loop once the body was in (403, 405, 415). */
    public void refusedAtGate(int status, Duration took) {
        String outcome = outcome(status, null);
        record(outcome, took);
        rejections.count(status == 403 ? "bad_signature" : outcome);
        LOG.info("Webhook {} {} in {} ms event=- type=- integration=- uid#=-", status, outcome, took.toMillis());
    }

    /** Shows the webhook port's load: connections open, and body bytes reserved of the buffered-bytes budget. */
    public void gaugeWebhookPort(Supplier<Number> connections, Supplier<Number> bufferedBodyBytes) {
        Gauge.builder("begini.http.connections", connections).description("Connections open on the webhook port")
                .register(registry());
        Gauge.builder("begini.http.buffered.body.bytes", bufferedBodyBytes)
                .description("Body bytes reserved by the webhook port's requests in flight").register(registry());
    }

    /**
     * Shows the inbox's group commit: its writes (one transaction each), the webhooks they carried (so that their
     * ratio is the mean batch) and the webhooks waiting for the write in flight.
     */
    public <T> void gaugeInbox(T inbox, ToDoubleFunction<T> writes, ToDoubleFunction<T> webhooksWritten,
            ToDoubleFunction<T> queued) {
        // the meters hold the inbox weakly; the Camel registry holds it for as long as it runs
        FunctionCounter.builder("begini.inbox.writes", inbox, writes)
                .description("Inbox writes, one transaction each, successful or not").register(registry());
        FunctionCounter.builder("begini.inbox.written.webhooks", inbox, webhooksWritten)
                .description("Webhooks carried by the inbox writes").register(registry());
        Gauge.builder("begini.inbox.queued", inbox, queued).description("Webhooks waiting for the inbox write in flight")
                .register(registry());
    }

    private void count(String outcome) {
        counters.computeIfAbsent(outcome, name -> Counter.builder("begini.webhooks")
                .description("Webhooks answered, by outcome").tag("outcome", name).register(registry())).increment();
    }

    private void record(String outcome, Duration took) {
        count(outcome);
        timers.computeIfAbsent(outcome, name -> Timer.builder("begini.webhook.intake")
                .description("Time from request to answer, by outcome").tag("outcome", name)
                .serviceLevelObjectives(INTAKE_BUCKETS).register(registry())).record(took);
    }

    private MeterRegistry registry() {
        if (registry == null) {
            registry = BridgeMeters.registry(camelContext);
        }
        return registry;
    }

    static String outcome(int status, String stored) {
        return switch (status) {
            case 200 -> stored != null ? stored : "accepted";
            case 400 -> "invalid";
            case 403 -> "forbidden";
            case 405 -> "method_not_allowed";
            case 408 -> "request_timeout";
            case 413 -> "too_large";
            case 415 -> "unsupported_media_type";
            case 503 -> "unavailable";
            default -> status >= 500 ? "error" : "rejected";
        };
    }
}
