package beginibridge.admin;

import static beginibridge.admin.AdminSql.rows;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import beginibridge.db.MigratedDataSource;

/**
 * The events a filter selects as CSV, newest first, for a spreadsheet or a ticket: at most
 * {@code console.export-max-rows} rows, so that an export of everything cannot hold the database or the heap for
 * long. A cell a spreadsheet would run as a formula (uids and types come from senders) is written as text.
 */
final class EventExport {

    static final String HEADER = "received_at,event_id,type,uid,integration_id,status,deliveries";

    /** The CSV text, and whether rows were left out at the cap. */
    record Csv(String text, boolean truncated) {
    }

    private final MigratedDataSource dataSource;

    EventExport(MigratedDataSource dataSource) {
        this.dataSource = dataSource;
    }

    Csv csv(EventFilter filter) throws SQLException {
        List<Object> parameters = new ArrayList<>();
        String events = "SELECT e.id, e.received_at, e.event_type, e.uid, e.integration_id, e.status"
                + " FROM begini_event e" + filter.where(parameters) + " ORDER BY e.id DESC LIMIT ?";
        parameters.add(filter.limit + 1);
        Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
        Map<String, StringJoiner> deliveries = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection()) {
            for (Map<String, Object> row : rows(connection, "SELECT x.id, x.received_at, x.event_type, x.uid,"
                    + " x.integration_id, x.status, d.destination, d.status AS delivery_status FROM (" + events
                    + ") x LEFT JOIN begini_delivery d ON d.event_id = x.id ORDER BY x.id DESC, d.destination",
                    parameters)) {
                String id = (String) row.get("id");
                byId.putIfAbsent(id, row);
                StringJoiner joined = deliveries.computeIfAbsent(id, key -> new StringJoiner(" "));
                if (row.get("destination") != null) {
                    joined.add(row.get("destination") + ":" + row.get("delivery_status"));
                }
            }
        }
        StringBuilder csv = new StringBuilder(HEADER).append("\r\n");
        int written = 0;
        for (Map<String, Object> event : byId.values()) {
            if (written++ == filter.limit) {
                break;
            }
            String id = (String) event.get("id");
            csv.append(String.join(",", cell(event.get("received_at")), cell(id), cell(event.get("event_type")),
                    cell(event.get("uid")), cell(event.get("integration_id")), cell(event.get("status")),
                    cell(deliveries.get(id).toString()))).append("\r\n");
        }
        return new Csv(csv.toString(), byId.size() > filter.limit);
    }

    /** RFC 4180 quoting, and a leading quote mark where a spreadsheet would see a formula. */
    static String cell(Object value) {
        String text = value == null ? "" : value.toString();
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
