package beginibridge.enrichment;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

import beginibridge.delivery.DeliveryExchange;
import org.apache.camel.Exchange;

/**
 * Turns the row found by {@code enrich.sql} into property {@code applicant}, with lower-case column names whatever
 * the database's habit (H2 answers in upper case), so templates can say {@code applicant.crm_id} everywhere. An event's
 * record is looked up once for all its destinations: what was found is kept for a few seconds, and a destination that
 * asks while another destination of the same event is looking it up waits for that answer (for a moment at most)
 * rather than query too. A destination's own retry or replay always looks the record up afresh (say, once the record
 * exists).
 */
public final class InternalRecord {

    private static final String EVENT = "enrichedEvent";
    /** Set by {@link #recall}: whether the record (or its absence) was known already. */
    public static final String RECALLED = "enrichmentRecalled";
    static final Duration KEPT = Duration.ofSeconds(10);
    /** The longest a destination waits for another's lookup of the same record before it looks it up itself. */
    static final Duration WAIT = Duration.ofSeconds(2);
    static final int MAX_KEPT = 10_000;

    /** What a lookup found (null: no record), when, and for which destination. */
    private record Found(Map<String, Object> record, long atNanos, Object destination) {
    }

    /** A lookup under way for a destination since then; complete once it has found. */
    private record Looking(CompletableFuture<Found> found, long sinceNanos, Object destination) {
    }

    /** By event, uid and integration: a {@link Found} or a {@link Looking}. */
    private final Map<String, Object> recent = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
            return size() > MAX_KEPT;
        }
    };
    private final LongSupplier nanoTime;
    private final Duration wait;

    public InternalRecord() {
        this(System::nanoTime, WAIT);
    }

    InternalRecord(LongSupplier nanoTime, Duration wait) {
        this.nanoTime = nanoTime;
        this.wait = wait;
    }

    /**
     * Route step: sets property {@code applicant} as another destination of the same event found it moments ago, or
     * is finding it now (then it waits for the answer), and {@code enrichmentRecalled} to whether it did; when false
     * the route looks the record up.
     */
    public void recall(Exchange exchange) throws InterruptedException {
        String key = key(exchange);
        Object destination = exchange.getProperty(DeliveryExchange.DESTINATION);
        Object known;
        synchronized (recent) {
            known = recent.get(key);
            if (!usable(known, destination)) {
                // a lookup that is taken over keeps its answer's future, so that those waiting for it get this one's
                recent.put(key, new Looking(known instanceof Looking stale ? stale.found() : new CompletableFuture<>(),
                        nanoTime.getAsLong(), destination));
                known = null;
            }
        }
        Found found = known instanceof Looking looking ? answer(looking) : (Found) known;
        exchange.setProperty(RECALLED, found != null);
        if (found != null) {
            setApplicant(exchange, found.record());
        }
    }

    /** Whether what is known for the key can serve this destination: another's, and fresh or still being found. */
    private boolean usable(Object known, Object destination) {
        long now = nanoTime.getAsLong();
        if (known instanceof Found found) {
            return now - found.atNanos() < KEPT.toNanos() && !Objects.equals(found.destination(), destination);
        }
        return known instanceof Looking looking && now - looking.sinceNanos() < wait.toNanos()
                && !Objects.equals(looking.destination(), destination);
    }

    /** The other destination's answer, or null when it has none within the wait (its lookup failed, or is slow). */
    private Found answer(Looking looking) throws InterruptedException {
        try {
            return looking.found().get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException noAnswer) {
            return null;
        }
    }

    /**
     * Route step: keeps the event aside and makes the body the only source of the query's parameters
     * ({@code :#uid}, {@code :#integrationId}); camel-sql reads a map body before headers, and the webhook's own
     * fields must not be able to choose whose record is read.
     */
    public void lookupParameters(Exchange exchange) {
        exchange.setProperty(EVENT, exchange.getMessage().getBody());
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("uid", exchange.getProperty(DeliveryExchange.UID));
        parameters.put("integrationId", exchange.getProperty(DeliveryExchange.INTEGRATION_ID));
        exchange.getMessage().setBody(parameters);
    }

    /**
     * Route step: reads header {@code applicant} (a row, or nothing), sets property {@code applicant}, and puts the
     * event back in the body.
     */
    public void adopt(Exchange exchange) {
        exchange.getMessage().setBody(exchange.getProperty(EVENT));
        exchange.removeProperty(EVENT);
        Object row = exchange.getMessage().getHeader("applicant");
        exchange.getMessage().removeHeader("applicant");
        Map<String, Object> record = null;
        if (row instanceof Map<?, ?> columns && !columns.isEmpty()) {
            Map<String, Object> lowerCase = new LinkedHashMap<>();
            columns.forEach((name, value) -> lowerCase.put(name.toString().toLowerCase(Locale.ROOT), value));
            record = Collections.unmodifiableMap(lowerCase);
        }
        Found found = new Found(record, nanoTime.getAsLong(), exchange.getProperty(DeliveryExchange.DESTINATION));
        Object before;
        synchronized (recent) {
            before = recent.put(key(exchange), found);
        }
        if (before instanceof Looking looking) {
            looking.found().complete(found);
        }
        setApplicant(exchange, record);
    }

    private static void setApplicant(Exchange exchange, Map<String, Object> record) {
        if (record == null) {
            exchange.removeProperty(DeliveryExchange.APPLICANT);
        } else {
            exchange.setProperty(DeliveryExchange.APPLICANT, new LinkedHashMap<>(record));
        }
    }

    /** The event and whose record it asks for: the parameters of the lookup. */
    private static String key(Exchange exchange) {
        return exchange.getProperty(DeliveryExchange.EVENT_ID) + "|" + exchange.getProperty(DeliveryExchange.UID)
                + "|" + exchange.getProperty(DeliveryExchange.INTEGRATION_ID);
    }
}
