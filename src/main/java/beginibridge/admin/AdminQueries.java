package beginibridge.admin;

import static beginibridge.admin.AdminSql.rows;
import static beginibridge.admin.AdminSql.update;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import beginibridge.db.MigratedDataSource;
import beginibridge.db.PayloadCipher;
import beginibridge.db.Times;
import beginibridge.db.Transactions;

/**
 * The SQL behind the admin API: events with their deliveries and attempts, and replays. A replay makes failed,
 * dead and unmatched deliveries pending again with a fresh budget of attempts, and sends an unrouted event through
 * the routing table again.
 */
final class AdminQueries {

    private static final String REPLAYABLE = "(d.status IN ('dead', 'unmatched')"
            + " OR (d.status = 'pending' AND d.last_error IS NOT NULL))";

    /**
     * Every attempt of a delivery: the rows of the attempt log, and a first attempt that succeeded, which the
     * dispatcher records on the delivery row alone (done, with no row for its latest attempt).
     */
    private static final String ATTEMPT_LOG = "SELECT attempt, started_at, finished_at, outcome, error"
            + " FROM begini_delivery_attempt WHERE delivery_id = ? UNION ALL SELECT d.attempts,"
            + " d.last_attempt_started_at, d.last_attempt_finished_at, d.status, d.last_error FROM begini_delivery d"
            + " WHERE d.id = ? AND d.status = 'done' AND d.last_attempt_finished_at IS NOT NULL AND NOT EXISTS"
            + " (SELECT 1 FROM begini_delivery_attempt a WHERE a.delivery_id = d.id AND a.attempt = d.attempts)"
            + " ORDER BY started_at, attempt";

    private final MigratedDataSource dataSource;
    private final PayloadCipher cipher;

    AdminQueries(MigratedDataSource dataSource, PayloadCipher cipher) {
        this.dataSource = dataSource;
        this.cipher = cipher;
    }

    List<Map<String, Object>> events(EventFilter filter) throws SQLException {
        List<Object> parameters = new ArrayList<>();
        String sql = "SELECT e.id, e.received_at, e.integration_id, e.uid, e.event_type, e.status, e.status_reason"
                + " FROM begini_event e" + filter.where(parameters) + " ORDER BY e.id DESC LIMIT ?";
        parameters.add(filter.limit);
        try (Connection connection = dataSource.getConnection()) {
            List<Map<String, Object>> events = rows(connection, sql, parameters);
            for (Map<String, Object> event : events) {
                Map<String, Object> deliveries = new LinkedHashMap<>();
                for (Map<String, Object> delivery : rows(connection, "SELECT destination, status FROM begini_delivery"
                        + " WHERE event_id = ? ORDER BY destination", List.of(UUID.fromString((String) event.get("id"))))) {
                    deliveries.put((String) delivery.get("destination"), delivery.get("status"));
                }
                event.put("deliveries", deliveries);
            }
            return events;
        }
    }

    Map<String, Object> event(UUID id, boolean withPayload) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            List<Map<String, Object>> found = rows(connection, "SELECT id, received_at, integration_id, uid,"
                    + " event_type, status, status_reason, payload_sha256, payload_purged_at FROM begini_event"
                    + " WHERE id = ?", List.of(id));
            if (found.isEmpty()) {
                return null;
            }
            Map<String, Object> event = found.get(0);
            if (withPayload && event.get("payload_purged_at") == null) {
                Map<String, Object> stored = rows(connection, "SELECT payload, payload_key_id FROM begini_event"
                        + " WHERE id = ?", List.of(id)).get(0);
                PayloadView.put(event, cipher.open(id, (String) event.get("integration_id"),
                        (String) stored.get("payload_key_id"), (byte[]) stored.get("payload"),
                        (String) event.get("payload_sha256")));
            }
            List<Map<String, Object>> deliveries = rows(connection, "SELECT id, destination, status, attempts,"
                    + " next_attempt_at, last_error, created_at, updated_at FROM begini_delivery WHERE event_id = ?"
                    + " ORDER BY destination", List.of(id));
            for (Map<String, Object> delivery : deliveries) {
                UUID deliveryId = UUID.fromString((String) delivery.get("id"));
                delivery.put("attempt_log", rows(connection, ATTEMPT_LOG, List.of(deliveryId, deliveryId)));
            }
            event.put("deliveries", deliveries);
            return event;
        }
    }

    /** Replays one event; null when there is no such event. */
    Map<String, Object> replay(UUID eventId) throws SQLException {
        return Transactions.run(dataSource, connection -> {
            List<Map<String, Object>> event = rows(connection,
                    "SELECT status FROM begini_event WHERE id = ?", List.of(eventId));
            if (event.isEmpty()) {
                return null;
            }
            boolean reroute = "unrouted".equals(event.get(0).get("status"));
            if (reroute) {
                update(connection, "UPDATE begini_event SET status = 'received' WHERE id = ?", List.of(eventId));
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("event_id", eventId.toString());
            answer.put("rerouted", reroute);
            answer.put("replayed", replayDeliveries(connection, " AND d.event_id = ?", List.of(eventId), 1000,
                    false));
            return answer;
        });
    }

    /** Replays (or, with {@code dryRun}, only lists) the replayable deliveries of the events the filter selects. */
    Map<String, Object> replay(EventFilter filter, boolean dryRun) throws SQLException {
        List<Object> parameters = new ArrayList<>();
        String events = filter.where(parameters);
        String condition = " AND d.event_id IN (SELECT e.id FROM begini_event e" + events + ")";
        if (filter.destination != null) {
            condition += " AND d.destination = ?";
            parameters.add(filter.destination);
        }
        String deliveries = condition;
        return Transactions.run(dataSource, connection -> {
            List<Map<String, Object>> replayed = replayDeliveries(connection, deliveries, parameters, filter.limit,
                    dryRun);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("dry_run", dryRun);
            answer.put("count", replayed.size());
            answer.put(dryRun ? "would_replay" : "replayed", replayed);
            return answer;
        });
    }

    private static List<Map<String, Object>> replayDeliveries(Connection connection, String condition,
            List<Object> parameters, int limit, boolean dryRun) throws SQLException {
        List<Object> selectParameters = new ArrayList<>(parameters);
        selectParameters.add(limit);
        List<Map<String, Object>> deliveries = rows(connection, "SELECT d.id AS delivery_id, d.event_id,"
                + " d.destination, d.status, d.attempts, d.last_error FROM begini_delivery d WHERE " + REPLAYABLE
                + condition + " ORDER BY d.id LIMIT ?", selectParameters);
        if (!dryRun) {
            OffsetDateTime now = Times.utc(Instant.now());
            for (Map<String, Object> delivery : deliveries) {
                update(connection, "UPDATE begini_delivery SET status = 'pending', next_attempt_at = ?,"
                        + " attempt_base = attempts, lease_token = NULL, lease_until = NULL, updated_at = ?"
                        + " WHERE id = ?", List.of(now, now, UUID.fromString((String) delivery.get("delivery_id"))));
            }
        }
        return deliveries;
    }
}
