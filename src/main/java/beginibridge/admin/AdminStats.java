package beginibridge.admin;

import static beginibridge.admin.AdminSql.count;
import static beginibridge.admin.AdminSql.rows;
import static beginibridge.admin.AdminSql.value;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import beginibridge.db.MigratedDataSource;
import beginibridge.db.Times;
import beginibridge.delivery.Destinations;
import beginibridge.metrics.RejectionLog;

/**
 * The figures of the console's overview, in one call: what came in lately, what is stuck in the inbox, when the last
 * webhook arrived, how many were refused for their signature, and how each destination is doing.
 */
final class AdminStats {

    private final MigratedDataSource dataSource;
    private final Destinations destinations;
    private final RejectionLog rejections;

    AdminStats(MigratedDataSource dataSource, Destinations destinations, RejectionLog rejections) {
        this.dataSource = dataSource;
        this.destinations = destinations;
        this.rejections = rejections;
    }

    Map<String, Object> now() throws SQLException {
        OffsetDateTime now = Times.utc(Instant.now());
        OffsetDateTime dayAgo = now.minus(Duration.ofHours(24));
        Map<String, Object> stats = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection()) {
            stats.put("received_last_hour", count(connection, "SELECT COUNT(*) FROM begini_event"
                    + " WHERE received_at >= ?", List.of(now.minus(Duration.ofHours(1)))));
            stats.put("received_last_24h", count(connection, "SELECT COUNT(*) FROM begini_event"
                    + " WHERE received_at >= ?", List.of(dayAgo)));
            stats.put("quarantined", count(connection, "SELECT COUNT(*) FROM begini_event WHERE status = ?",
                    List.of("quarantined")));
            stats.put("unrouted", count(connection, "SELECT COUNT(*) FROM begini_event WHERE status = ?",
                    List.of("unrouted")));
            stats.put("last_webhook_at", value(connection, "SELECT MAX(received_at) FROM begini_event", List.of()));
            stats.put("oldest_pending_delivery_at", value(connection, "SELECT MIN(created_at) FROM begini_delivery"
                    + " WHERE status = ?", List.of("pending")));
            stats.put("signature_rejections", rejections.total("bad_signature")
                    + rejections.total("unknown_integration"));
            List<Map<String, Object>> shown = new ArrayList<>();
            for (String name : destinations.all()) {
                shown.add(destination(connection, name, dayAgo));
            }
            stats.put("destinations", shown);
        }
        return stats;
    }

    private Map<String, Object> destination(Connection connection, String name, OffsetDateTime dayAgo)
            throws SQLException {
        Map<String, Object> destination = new LinkedHashMap<>();
        destination.put("name", name);
        destination.put("on", destinations.isOn(name));
        destination.put("done_24h", count(connection, "SELECT COUNT(*) FROM begini_delivery WHERE destination = ?"
                + " AND status = 'done' AND updated_at >= ?", List.of(name, dayAgo)));
        destination.put("dead", count(connection, "SELECT COUNT(*) FROM begini_delivery WHERE destination = ?"
                + " AND status = 'dead'", List.of(name)));
        destination.put("pending", count(connection, "SELECT COUNT(*) FROM begini_delivery WHERE destination = ?"
                + " AND status = 'pending'", List.of(name)));
        List<Map<String, Object>> failure = rows(connection, "SELECT a.error, a.finished_at"
                + " FROM begini_delivery_attempt a JOIN begini_delivery d ON d.id = a.delivery_id"
                + " WHERE d.destination = ? AND a.outcome IN ('retry', 'dead') ORDER BY a.finished_at DESC LIMIT 1",
                List.of(name));
        destination.put("last_error", failure.isEmpty() ? null : failure.get(0).get("error"));
        destination.put("last_failure_at", failure.isEmpty() ? null : failure.get(0).get("finished_at"));
        return destination;
    }
}
