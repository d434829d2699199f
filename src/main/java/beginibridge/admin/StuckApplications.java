package beginibridge.admin;

import static beginibridge.admin.AdminSql.count;
import static beginibridge.admin.AdminSql.rows;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import beginibridge.db.MigratedDataSource;
import beginibridge.db.Times;

/**
 * The applications a lender may be waiting on in vain: completed with no score after {@code console.stuck-after},
 * a score with no application event for its uid (the journey's events went elsewhere, or never came), and a uid with
 * a delivery given up (the lender never got that result). Listed for the console, counted for the
 * {@code begini_stuck_applications} gauge.
 */
public final class StuckApplications {

    private static final String SCORES = "('psychometric_score.complete', 'android_score.complete',"
            + " 'ios_score.complete')";
    private static final String AWAITING_SCORE = " FROM begini_event e WHERE e.event_type = 'application.complete'"
            + " AND e.status <> 'quarantined' AND e.received_at < ? AND NOT EXISTS (SELECT 1 FROM begini_event s"
            + " WHERE s.integration_id = e.integration_id AND s.uid = e.uid AND s.event_type IN " + SCORES + ")";
    private static final String SCORE_WITHOUT_APPLICATION = " FROM begini_event e WHERE e.event_type IN " + SCORES
            + " AND e.status <> 'quarantined' AND NOT EXISTS (SELECT 1 FROM begini_event a"
            + " WHERE a.integration_id = e.integration_id AND a.uid = e.uid AND a.event_type LIKE 'application.%')";
    private static final String DEAD_DELIVERY = " FROM begini_delivery d JOIN begini_event e ON e.id = d.event_id"
            + " WHERE d.status = 'dead'";

    private final MigratedDataSource dataSource;
    private final Duration stuckAfter;

    public StuckApplications(MigratedDataSource dataSource, Duration stuckAfter) {
        this.dataSource = dataSource;
        this.stuckAfter = stuckAfter;
    }

    /** Each list oldest first (dead deliveries newest first), at most {@code limit} rows each. */
    Map<String, Object> list(int limit) throws SQLException {
        Map<String, Object> stuck = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection()) {
            stuck.put("awaiting_score", rows(connection, "SELECT e.uid, e.id AS event_id, e.received_at AS"
                    + " completed_at" + AWAITING_SCORE + " ORDER BY e.received_at LIMIT ?", List.of(cutoff(), limit)));
            stuck.put("score_without_application", rows(connection, "SELECT e.uid, e.id AS event_id, e.received_at"
                    + SCORE_WITHOUT_APPLICATION + " ORDER BY e.received_at LIMIT ?", List.of(limit)));
            stuck.put("dead_deliveries", rows(connection, "SELECT e.uid, e.id AS event_id, d.destination,"
                    + " d.last_error" + DEAD_DELIVERY + " ORDER BY d.updated_at DESC LIMIT ?", List.of(limit)));
        }
        stuck.put("awaiting_score_after", stuckAfter.toString());
        return stuck;
    }

    /** Distinct uids of each reason, as the gauge's {@code reason} label names it. */
    public Map<String, Long> counts() throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection()) {
            counts.put("awaiting_score", count(connection, "SELECT COUNT(DISTINCT e.uid)" + AWAITING_SCORE,
                    List.of(cutoff())));
            counts.put("score_without_application", count(connection, "SELECT COUNT(DISTINCT e.uid)"
                    + SCORE_WITHOUT_APPLICATION, List.of()));
            counts.put("dead_delivery", count(connection, "SELECT COUNT(DISTINCT e.uid)" + DEAD_DELIVERY, List.of()));
        }
        return counts;
    }

    private Object cutoff() {
        return Times.utc(Instant.now().minus(stuckAfter));
    }
}
