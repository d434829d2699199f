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
 * Purges the stored payloads of fully delivered events (every delivery done or skipped) once they are older than
 * {@code retention.days}: the payload is emptied and {@code payload_purged_at} set, while the event's metadata, its
 * SHA-256 (so a late redelivery is still a duplicate), its deliveries and its results stay.
 */
public final class PayloadRetention {

    private static final Logger LOG = LoggerFactory.getLogger(PayloadRetention.class);
    private static final int BATCH = 1000;

    private final MigratedDataSource dataSource;
    private final int days;

    public PayloadRetention(MigratedDataSource dataSource, int days) {
        if (days < 0) {
            throw new IllegalArgumentException("retention.days must be 0 (keep payloads) or more");
        }
        this.dataSource = dataSource;
        this.days = days;
    }

    /** Route step: purges in batches; returns how many payloads were purged. */
    public int purge() throws SQLException {
        if (days == 0) {
            return 0;
        }
        OffsetDateTime cutoff = Instant.now().minus(Duration.ofDays(days)).atOffset(ZoneOffset.UTC);
        int total = 0;
        int purged;
        do {
            purged = purgeBatch(cutoff);
            total += purged;
        } while (purged == BATCH);
        if (total > 0) {
            LOG.info("Purged the payloads of {} fully delivered event(s) older than {} days", total, days);
        }
        return total;
    }

    private int purgeBatch(OffsetDateTime cutoff) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement purge = connection.prepareStatement("UPDATE begini_event SET payload = ?,"
                        + " payload_purged_at = ? WHERE id IN (SELECT e.id FROM begini_event e"
                        + " WHERE e.status = 'routed' AND e.payload_purged_at IS NULL AND e.received_at < ?"
                        + " AND NOT EXISTS (SELECT 1 FROM begini_delivery d WHERE d.event_id = e.id"
                        + " AND d.status NOT IN ('done', 'skipped')) ORDER BY e.id LIMIT " + BATCH + ")")) {
            purge.setBytes(1, new byte[0]);
            purge.setObject(2, OffsetDateTime.now(ZoneOffset.UTC));
            purge.setObject(3, cutoff);
            return purge.executeUpdate();
        }
    }
}
