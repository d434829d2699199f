package beginibridge.enrichment;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import beginibridge.delivery.DeliveryExchange;
import org.apache.camel.Exchange;

/**
 * Turns the row found by {@code enrich.sql} into property {@code applicant}, with lower-case column names whatever
 * the database's habit (H2 answers in upper case), so templates can say {@code applicant.crm_id} everywhere.
 */
public final class InternalRecord {

    private static final String EVENT = "enrichedEvent";

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
        if (!(row instanceof Map<?, ?> columns) || columns.isEmpty()) {
            exchange.removeProperty(DeliveryExchange.APPLICANT);
            return;
        }
        Map<String, Object> record = new LinkedHashMap<>();
        columns.forEach((name, value) -> record.put(name.toString().toLowerCase(Locale.ROOT), value));
        exchange.setProperty(DeliveryExchange.APPLICANT, record);
    }
}
