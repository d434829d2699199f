package beginibridge.proof;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import beginibridge.support.Rows;
import beginibridge.support.TestDatabase;

/**
 * What begini_delivery_attempt and the processes' logs say about who performed which delivery: claims a killed
 * process never finished, deliveries finished twice, and the delivery attempts each process logged.
 */
final class Attempts {

    /** Dispatcher's line per successful attempt: "Delivery {id} ({destination}) attempt {n}: {outcome} in …". */
    private static final Pattern DELIVERED =
            Pattern.compile("Delivery ([0-9a-f-]{36}) \\((\\w+)\\) attempt \\d+: (done|unmatched) in");

    private Attempts() {
    }

    /**
     * Outcomes recorded for a delivery {@code d}: its attempt rows, and a first attempt that succeeded, which is
     * recorded on the delivery row alone (done, with no row for its latest attempt).
     */
    private static final String RECORDED = "((SELECT COUNT(*) FROM begini_delivery_attempt a"
            + " WHERE a.delivery_id = d.id) + CASE WHEN d.status = 'done' AND NOT EXISTS (SELECT 1"
            + " FROM begini_delivery_attempt a WHERE a.delivery_id = d.id AND a.attempt = d.attempts) THEN 1 ELSE 0"
            + " END)";

    /**
     * Claims that never recorded an outcome: every claim counts an attempt in begini_delivery.attempts, every
     * recorded outcome is an attempt row or a first success on the delivery row, so the difference is what a killed
     * process held when it died.
     */
    static int orphanedClaims(TestDatabase database) throws SQLException {
        return ((Number) Rows.query(database, "SELECT COALESCE(SUM(d.attempts - " + RECORDED + "), 0) AS orphaned"
                + " FROM begini_delivery d").get(0).get("orphaned")).intValue();
    }

    /** The deliveries holding such claims. */
    static List<String> orphanedDeliveries(TestDatabase database) throws SQLException {
        return Rows.query(database, "SELECT d.id FROM begini_delivery d WHERE d.attempts > " + RECORDED).stream()
                .map(row -> row.get("id").toString()).toList();
    }

    /** Deliveries with more than one attempt recorded as a success: a delivery performed twice on record. */
    static List<String> finishedTwice(TestDatabase database) throws SQLException {
        return Rows.query(database, "SELECT delivery_id FROM begini_delivery_attempt"
                + " WHERE outcome IN ('done', 'unmatched') GROUP BY delivery_id HAVING COUNT(*) > 1").stream()
                .map(row -> row.get("delivery_id").toString()).toList();
    }

    /**
     * Recorded attempts by outcome (done, unmatched, retry, dead, lease-lost), first attempts that succeeded (on the
     * delivery row alone) as {@code done at once}.
     */
    static Map<String, Long> outcomes(TestDatabase database) throws SQLException {
        Map<String, Long> outcomes = new TreeMap<>();
        for (Map<String, Object> row : Rows.query(database,
                "SELECT outcome, COUNT(*) AS n FROM begini_delivery_attempt GROUP BY outcome")) {
            outcomes.put((String) row.get("outcome"), ((Number) row.get("n")).longValue());
        }
        outcomes.put("done at once", ((Number) Rows.query(database, "SELECT COUNT(*) AS n FROM begini_delivery d"
                + " WHERE d.status = 'done' AND NOT EXISTS (SELECT 1 FROM begini_delivery_attempt a"
                + " WHERE a.delivery_id = d.id AND a.attempt = d.attempts)").get(0).get("n")).longValue());
        return outcomes;
    }

    /** Successful delivery attempts in a process's log, by delivery id (its destination). */
    static Map<String, String> logged(String output) {
        Map<String, String> delivered = new TreeMap<>();
        Matcher matcher = DELIVERED.matcher(output);
        while (matcher.find()) {
            delivered.put(matcher.group(1), matcher.group(2));
        }
        return delivered;
    }

    /** CRM requests and mails performed more than once for the same delivery (by Idempotency-Key, Message-ID). */
    static int repeats(Ledger.Figures figures) {
        return figures.crmPerformed() - figures.crmKeys() + figures.mails() - figures.mailIds();
    }
}
