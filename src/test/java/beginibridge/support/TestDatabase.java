package beginibridge.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.LoggerFactory;

/**
 * A database of its own for one test class: an in-memory H2 database, or a fresh schema in the PostgreSQL named by
 * TEST_PG_URL (default the local server's {@code test} database). Where no PostgreSQL answers, its tests are skipped
 * with a message, except on CI (CI=true) or with TEST_PG_REQUIRED=true, where that is a failure.
 */
public final class TestDatabase implements AutoCloseable {

    private static final String PG_URL = env("TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String PG_USER = env("TEST_PG_USER", "postgres");
    private static final String PG_PASSWORD = env("TEST_PG_PASSWORD", "");

    private final String url;
    private final String user;
    private final String password;
    private final String schema;

    private TestDatabase(String url, String user, String password, String schema) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.schema = schema;
    }

    public static TestDatabase h2() {
        return new TestDatabase("jdbc:h2:mem:bridge-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", null);
    }

    /** A database somebody else runs, such as an H2 server a test starts and stops. */
    public static TestDatabase at(String url, String user, String password) {
        return new TestDatabase(url, user, password, null);
    }

    public static TestDatabase postgres() {
        String schema = "bridge_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection admin = DriverManager.getConnection(PG_URL, PG_USER, PG_PASSWORD);
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        } catch (SQLException unreachable) {
            String how = "PostgreSQL is not reachable at " + PG_URL + " (" + unreachable.getMessage()
                    + "). Start it, or point TEST_PG_URL, TEST_PG_USER and TEST_PG_PASSWORD at a server, to run"
                    + " the PostgreSQL variants of the tests.";
            if (pgRequired()) {
                Assertions.fail(how);
            }
            LoggerFactory.getLogger(TestDatabase.class).warn("Skipping: {}", how);
            Assumptions.abort(how);
        }
        String separator = PG_URL.contains("?") ? "&" : "?";
        return new TestDatabase(PG_URL + separator + "currentSchema=" + schema, PG_USER, PG_PASSWORD, schema);
    }

    /** This database's URL with its host and port replaced, to reach it through a relay on that local port. */
    public String urlThrough(int localPort) {
        return url.replaceFirst("//[^/]+/", "//127.0.0.1:" + localPort + "/");
    }

    /** The port of this database's server, as named in its URL. */
    public int port() {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("//[^/:]+:(\\d+)/").matcher(url);
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : 5432;
    }

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    @Override
    public void close() throws SQLException {
        if (schema != null) {
            try (Connection admin = DriverManager.getConnection(PG_URL, PG_USER, PG_PASSWORD);
                    Statement statement = admin.createStatement()) {
                statement.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    private static boolean pgRequired() {
        return "true".equals(env("CI", "").toLowerCase(Locale.ROOT))
                || "true".equals(env("TEST_PG_REQUIRED", "").toLowerCase(Locale.ROOT));
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
