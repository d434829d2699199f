package beginibridge.admin;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The JDBC every admin query shares: bound parameters only, and rows as JSON-ready maps with lower-case column
 * names, ids as text and times as ISO-8601 instants in UTC, alike on H2 and PostgreSQL.
 */
final class AdminSql {

    private AdminSql() {
    }

    static List<Map<String, Object>> rows(Connection connection, String sql, List<?> parameters)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                ResultSetMetaData meta = result.getMetaData();
                while (result.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int column = 1; column <= meta.getColumnCount(); column++) {
                        row.put(meta.getColumnLabel(column).toLowerCase(Locale.ROOT), json(result.getObject(column)));
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }

    /** The first column of the first row, or null when there is none. */
    static Object value(Connection connection, String sql, List<?> parameters) throws SQLException {
        List<Map<String, Object>> found = rows(connection, sql, parameters);
        return found.isEmpty() ? null : found.get(0).values().iterator().next();
    }

    static long count(Connection connection, String sql, List<?> parameters) throws SQLException {
        Object counted = value(connection, sql, parameters);
        return counted == null ? 0 : ((Number) counted).longValue();
    }

    static void update(Connection connection, String sql, List<?> parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            statement.executeUpdate();
        }
    }

    private static Object json(Object value) {
        if (value instanceof UUID) {
            return value.toString();
        }
        if (value instanceof OffsetDateTime time) {
            return time.toInstant().toString();
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant().toString();
        }
        return value;
    }

    private static void bind(PreparedStatement statement, List<?> parameters) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            statement.setObject(i + 1, parameters.get(i));
        }
    }
}
