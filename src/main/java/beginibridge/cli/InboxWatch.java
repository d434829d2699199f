package beginibridge.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;

import beginibridge.db.MigratedDataSource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The newest event of the bridge's inbox, read through the admin API or in the database, to see a webhook arrive.
 * Event ids grow with time (UUIDv7, the bridge's clock), so "newer" needs no clock of this machine.
 */
abstract class InboxWatch implements AutoCloseable {

    /** The newest event: its id, type and status. */
    record Latest(String id, String type, String status) {
    }

    /** The newest event, or null when the inbox is empty. */
    abstract Latest latest() throws Exception;

    /** Where the inbox is read, for messages. */
    abstract String where();

    @Override
    public void close() {
    }

    /** The newest event once it is another than {@code before}; null when none came within {@code wait}. */
    Latest awaitNewerThan(Latest before, Duration wait) throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Latest now = latest();
            if (now != null && (before == null || !Objects.equals(now.id(), before.id()))) {
                return now;
            }
            if (System.nanoTime() > deadline) {
                return null;
            }
            Thread.sleep(500);
        }
    }

    static InboxWatch database(MigratedDataSource database) {
        return new InboxWatch() {
            @Override
            Latest latest() throws SQLException {
                try (Connection connection = database.getConnection();
                        PreparedStatement query = connection.prepareStatement("SELECT id, event_type, status"
                                + " FROM begini_event ORDER BY id DESC LIMIT 1");
                        ResultSet row = query.executeQuery()) {
                    return row.next() ? new Latest(row.getString(1), row.getString(2), row.getString(3)) : null;
                } catch (SQLException failed) {
                    throw new IllegalStateException("cannot read the inbox in the database (db.url): "
                            + failed.getMessage(), failed);
                }
            }

            @Override
            String where() {
                return "the database, db.url"; // not the URL itself, which may hold a password
            }

            @Override
            public void close() {
                database.close();
            }
        };
    }

    static InboxWatch adminApi(URI managementAddress, String token) {
        ObjectMapper json = new ObjectMapper();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return new InboxWatch() {
            @Override
            Latest latest() throws IOException, InterruptedException {
                HttpRequest request = HttpRequest.newBuilder(managementAddress.resolve("/admin/events?limit=1"))
                        .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + token).GET().build();
                HttpResponse<String> response;
                try {
                    response = client.send(request, HttpResponse.BodyHandlers.ofString());
                } catch (java.net.ConnectException refused) {
                    throw new IllegalStateException("cannot reach the admin API at " + managementAddress
                            + " (is the bridge running there?)");
                }
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("the admin API at " + managementAddress + " answered "
                            + response.statusCode() + " " + response.body());
                }
                JsonNode newest = json.readTree(response.body()).path("events").path(0);
                return newest.isMissingNode() ? null : new Latest(newest.path("id").asText(),
                        newest.path("event_type").asText(), newest.path("status").asText());
            }

            @Override
            String where() {
                return "admin API at " + managementAddress;
            }
        };
    }
}
