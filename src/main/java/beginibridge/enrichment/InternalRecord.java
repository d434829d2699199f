package beginibridge.enrichment;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

import beginibridge.delivery.DeliveryExchange;
import org.apache.camel.Exchange;

/**
 * Turns the row found by {@code enrich.sql} into property {@code applicant}, with lower-case column names whatever
 * the database's habit (H2 answers in upper case), so templates can say {@code applicant.crm_id} everywhere. What was
 * found for an event is kept for a few seconds, so that the event's other destinations (CRM and email, attempted
 * together) use it rather than query again; a destination's own retry or replay always looks the record up afresh
 * (say, once the record exists).
 */
public final class InternalRecord {

    private static final String EVENT = "enrichedEvent";
    /** Set by {@link #recall}: whether the record (or its absence) was known already. */
    public static final String RECALLED = "enrichmentRecalled";
    static final Duration KEPT = Duration.ofSeconds(10);
    static final int MAX_KEPT = 10_000;

    private record Found(Map<String, Object> record, long atNanos, Object destination) {
    }

    private final Map<String, Found> recent = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Found> eldest) {
            return size() > MAX_KEPT;
        }
    });
    private final LongSupplier nanoTime;

    public InternalRecord() {
        this(System::nanoTime);
    }

    InternalRecord(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /**
     * Route step: sets property {@code applicant} as another destination of the same event found it moments ago, and
     * {@code enrichmentRecalled} to whether it did; when false the route looks the record up.
     */
    public void recall(Exchange exchange) {
        Found found = recent.get(key(exchange));
        boolean fresh = found != null && nanoTime.getAsLong() - found.atNanos() < KEPT.toNanos()
                && !Objects.equals(found.destination(), exchange.getProperty(DeliveryExchange.DESTINATION));
        exchange.setProperty(RECALLED, fresh);
        if (fresh) {
            setApplicant(exchange, found.record());
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
        recent.put(key(exchange), new Found(record, nanoTime.getAsLong(),
                exchange.getProperty(DeliveryExchange.DESTINATION)));
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
