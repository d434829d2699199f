package beginibridge.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Reads begini_delivery and begini_delivery_attempt directly, to check what the dispatcher did. */
public final class Deliveries {

    /** One delivery. */
    public record Row(UUID id, UUID eventId, String destination, String status, int attempts, String lastError) {
    }

    /** One recorded attempt. */
    public record Attempt(int attempt, String outcome, String error) {
    }

    private Deliveries() {
    }

    public static List<Row> ofEvent(TestDatabase database, String eventId) throws SQLException {
        return rows(database, "SELECT id, event_id, destination, status, attempts, last_error FROM begini_delivery"
                + " WHERE event_id = ? ORDER BY destination", UUID.fromString(eventId));
    }

    public static List<Row> all(TestDatabase database) throws SQLException {
        return rows(database, "SELECT id, event_id, destination, status, attempts, last_error FROM begini_delivery"
                + " ORDER BY created_at, destination", null);
    }

    public static Row one(TestDatabase database, String eventId, String destination) throws SQLException {
        return ofEvent(database, eventId).stream().filter(row -> row.destination().equals(destination))
                .findFirst().orElse(null);
    }

    /** The status of the event's delivery to a destination; null while it does not exist. */
    public static String status(TestDatabase database, String eventId, String destination) throws SQLException {
        Row row = one(database, eventId, destination);
        return row == null ? null : row.status();
    }

    public static List<Attempt> attempts(TestDatabase database, UUID deliveryId) throws SQLException {
        try (Connection connection = database.connect();
                PreparedStatement select = connection.prepareStatement("SELECT attempt, outcome, error"
                        + " FROM begini_delivery_attempt WHERE delivery_id = ? ORDER BY attempt")) {
            select.setObject(1, deliveryId);
            List<Attempt> attempts = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    attempts.add(new Attempt(rows.getInt(1), rows.getString(2), rows.getString(3)));
                }
            }
            return attempts;
        }
    }

    public static String eventStatus(TestDatabase database, String eventId) throws SQLException {
        try (Connection connection = database.connect();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT status FROM begini_event WHERE id = ?")) {
            select.setObject(1, UUID.fromString(eventId));
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    private static List<Row> rows(TestDatabase database, String sql, UUID eventId) throws SQLException {
        try (Connection connection = database.connect();
                PreparedStatement select = connection.prepareStatement(sql)) {
            if (eventId != null) {
                select.setObject(1, eventId);
            }
            List<Row> rows = new ArrayList<>();
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    rows.add(new Row(result.getObject(1, UUID.class), result.getObject(2, UUID.class),
                            result.getString(3), result.getString(4), result.getInt(5), result.getString(6)));
                }
            }
            return rows;
        }
    }
}
