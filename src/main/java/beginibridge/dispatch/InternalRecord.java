package beginibridge.dispatch;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.apache.camel.Exchange;

/**
 * Turns the row found by {@code enrich.sql} into property {@code applicant}, with lower-case column names whatever
 * the database's habit (H2 answers in upper case), so templates can say {@code applicant.crm_id} everywhere.
 */
public final class InternalRecord {

    /** Route step: reads header {@code applicant} (a row, or nothing), sets property {@code applicant}. */
    public void adopt(Exchange exchange) {
        Object row = exchange.getMessage().getHeader("applicant");
        exchange.getMessage().removeHeader("applicant");
        if (!(row instanceof Map<?, ?> columns) || columns.isEmpty()) {
            exchange.removeProperty("applicant");
            return;
        }
        Map<String, Object> record = new LinkedHashMap<>();
        columns.forEach((name, value) -> record.put(name.toString().toLowerCase(Locale.ROOT), value));
        exchange.setProperty("applicant", record);
    }
}
