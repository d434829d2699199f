package beginibridge.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

/** Reads begini_event directly, to check what the intake stored. */
public final class Inboxes {

    /** One row of the inbox. */
    public record Row(UUID id, String integrationId, String uid, String eventType, byte[] payload, String sha256,
            String status, String reason) {
    }

    private Inboxes() {
    }

    private static final String SELECT = "SELECT id, integration_id, uid, event_type, payload, payload_sha256, status,"
            + " status_reason FROM begini_event";

    public static List<Row> all(TestDatabase database) throws SQLException {
        return query(database::connect, SELECT + " ORDER BY received_at, id", null);
    }

    public static List<Row> withSha256(TestDatabase database, String sha256) throws SQLException {
        return query(database::connect, SELECT + " WHERE payload_sha256 = ?", sha256);
    }

    /** The same through a pool, for a caller that looks after each of many thousands of webhooks. */
    public static List<Row> withSha256(DataSource dataSource, String sha256) throws SQLException {
        return query(dataSource::getConnection, SELECT + " WHERE payload_sha256 = ?", sha256);
    }

    public static int count(TestDatabase database) throws SQLException {
        return all(database).size();
    }

    private interface Connections {
        Connection open() throws SQLException;
    }

    private static List<Row> query(Connections connections, String sql, String parameter) throws SQLException {
        try (Connection connection = connections.open();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            if (parameter != null) {
                statement.setString(1, parameter);
            }
            List<Row> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(new Row(result.getObject(1, UUID.class), result.getString(2), result.getString(3),
                            result.getString(4), result.getBytes(5), result.getString(6), result.getString(7),
                            result.getString(8)));
                }
            }
            return rows;
        }
    }
}
