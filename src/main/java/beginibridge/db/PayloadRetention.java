package beginibridge.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Purges the stored payloads of events that reached a terminal state: fully delivered events (every delivery done or
 * skipped) once older than {@code retention.days}; quarantined and unrouted events, and routed ones whose deliveries
 * all ended with at least one dead or unmatched, once older than {@code retention.failed-days} (kept longer, so that
 * operators can still inspect and replay them). The payload is emptied and {@code payload_purged_at} set, while the
 * event's metadata, its dedup hash (so a late redelivery is still a duplicate), its deliveries and its results stay.
 * An event still received, or with a pending delivery, is never purged.
 */
public final class PayloadRetention {

    private static final Logger LOG = LoggerFactory.getLogger(PayloadRetention.class);
    private static final int BATCH = 1000;
    private static final String NOTHING_PENDING = " AND NOT EXISTS (SELECT 1 FROM begini_delivery d"
            + " WHERE d.event_id = e.id AND d.status = 'pending')";
    private static final String DELIVERED = "e.status = 'routed' AND NOT EXISTS (SELECT 1 FROM begini_delivery d"
            + " WHERE d.event_id = e.id AND d.status NOT IN ('done', 'skipped'))";
    private static final String FAILED = "(e.status IN ('quarantined', 'unrouted') OR (e.status = 'routed'"
            + NOTHING_PENDING + " AND EXISTS (SELECT 1 FROM begini_delivery d WHERE d.event_id = e.id"
            + " AND d.status IN ('dead', 'unmatched'))))";

    private final MigratedDataSource dataSource;
    private final int days;
    private final int failedDays;

    public PayloadRetention(MigratedDataSource dataSource, int days, int failedDays) {
        if (days < 0) {
            throw new IllegalArgumentException("retention.days must be 0 (keep payloads) or more");
        }
        if (failedDays < 0) {
            throw new IllegalArgumentException("retention.failed-days must be 0 (keep payloads) or more");
        }
        this.dataSource = dataSource;
        this.days = days;
        this.failedDays = failedDays;
    }

    /** Route step: purges in batches; returns how many payloads were purged. */
    public int purge() throws SQLException {
        int delivered = purge(DELIVERED, days);
        if (delivered > 0) {
            LOG.info("Purged the payloads of {} fully delivered event(s) older than {} days", delivered, days);
        }
        int failed = purge(FAILED, failedDays);
        if (failed > 0) {
            LOG.info("Purged the payloads of {} quarantined, unrouted or undelivered event(s) older than {} days",
                    failed, failedDays);
        }
        return delivered + failed;
    }

    private int purge(String condition, int olderThanDays) throws SQLException {
        if (olderThanDays == 0) {
            return 0;
        }
        OffsetDateTime cutoff = Instant.now().minus(Duration.ofDays(olderThanDays)).atOffset(ZoneOffset.UTC);
        int total = 0;
        int purged;
        do {
            purged = purgeBatch(condition, cutoff);
            total += purged;
        } while (purged == BATCH);
        return total;
    }

    private int purgeBatch(String condition, OffsetDateTime cutoff) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement purge = connection.prepareStatement("UPDATE begini_event SET payload = ?,"
                        + " payload_purged_at = ? WHERE id IN (SELECT e.id FROM begini_event e"
                        + " WHERE e.payload_purged_at IS NULL AND e.received_at < ? AND " + condition
                        + " ORDER BY e.id LIMIT " + BATCH + ")")) {
            purge.setBytes(1, new byte[0]);
            purge.setObject(2, OffsetDateTime.now(ZoneOffset.UTC));
            purge.setObject(3, cutoff);
            return purge.executeUpdate();
        }
    }
}
