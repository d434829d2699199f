package beginibridge.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The two databases the bridge runs on, told apart by what the driver reports, with the migrations of each. Where
 * their SQL differs, the difference stands beside the statement, in the class that owns the table: {@code Inbox},
 * {@code DeliveryStore}, {@code ResultsWriter}.
 */
public enum Dialect {
    H2("h2"),
    POSTGRESQL("postgresql");

    private final String migrationFolder;

    Dialect(String migrationFolder) {
        this.migrationFolder = migrationFolder;
    }

    /** Flyway locations: the migrations both databases share, and this database's own (the H2 demo's data). */
    public String[] migrations() {
        return new String[] {"classpath:db/migration/common", "classpath:db/migration/" + migrationFolder};
    }

    public static Dialect of(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("h2")) {
            return H2;
        }
        if (product.contains("postgres")) {
            return POSTGRESQL;
        }
        throw new SQLException("Unsupported database '" + product + "': use H2 or PostgreSQL");
    }
}
