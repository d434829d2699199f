package beginibridge.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Any query's rows as maps with lower-case column names, for checking the results tables. */
public final class Rows {

    private Rows() {
    }

    public static List<Map<String, Object>> query(TestDatabase database, String sql, Object... parameters)
            throws SQLException {
        try (Connection connection = database.connect();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                ResultSetMetaData meta = result.getMetaData();
                while (result.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int column = 1; column <= meta.getColumnCount(); column++) {
                        row.put(meta.getColumnLabel(column).toLowerCase(Locale.ROOT), result.getObject(column));
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }

    public static Map<String, Object> application(TestDatabase database, String uid) throws SQLException {
        List<Map<String, Object>> rows = query(database, "SELECT * FROM begini_application WHERE uid = ?", uid);
        return rows.isEmpty() ? null : rows.get(0);
    }

    public static int execute(TestDatabase database, String sql, Object... parameters) throws SQLException {
        try (Connection connection = database.connect();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        }
    }
}
