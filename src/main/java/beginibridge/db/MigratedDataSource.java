package beginibridge.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection pool, whose schema Flyway brings up to date when the bridge starts, before the first webhook
 * can arrive. The pool opens on first use, so creating this object costs nothing (Camel's YAML loader may create a
 * bean twice). Connection waits are short on purpose: a webhook that cannot be stored within seconds is better
 * answered 503, which Begini retries, than left hanging.
 */
public final class MigratedDataSource extends HikariDataSource {

    private static final Logger LOG = LoggerFactory.getLogger(MigratedDataSource.class);

    private volatile Dialect dialect;

    public MigratedDataSource(String url, String user, String password, int poolSize, long connectionTimeoutMillis) {
        setPoolName("begini-db");
        setJdbcUrl(closedByThePool(url));
        setUsername(user);
        setPassword(password);
        setMaximumPoolSize(poolSize);
        setConnectionTimeout(connectionTimeoutMillis);
        setValidationTimeout(Math.max(250, Math.min(connectionTimeoutMillis / 2, 5000)));
        setExceptionOverrideClassName(BrokenConnectionEviction.class.getName());
    }

    /**
     * An H2 URL that leaves closing the database to this pool: by default H2 closes it in a JVM shutdown hook of its
     * own, which on SIGTERM runs while the bridge is still finishing the deliveries under way (their outcomes then
     * fail on closed connections, and the stop waits out camel.main.shutdown-timeout). The pool is closed last, once
     * the routes have stopped, and the database with it. A URL that sets DB_CLOSE_ON_EXIT itself is kept as it is.
     */
    static String closedByThePool(String url) {
        if (url.startsWith("jdbc:h2:") && !url.toUpperCase(Locale.ROOT).contains("DB_CLOSE_ON_EXIT")) {
            return url + ";DB_CLOSE_ON_EXIT=FALSE";
        }
        return url;
    }

    /**
     * Applies pending migrations; idempotent. A schema that is current already is left as it is without Flyway
     * ({@link CurrentSchema}), which makes most starts cheaper; any other runs Flyway, whose lock keeps instances
     * starting together from migrating twice. An instance that finds the schema current reads it only after the
     * migration that made it so has committed, so it never runs against a half-migrated schema.
     */
    public synchronized void migrate() throws SQLException {
        if (dialect != null) {
            return;
        }
        Dialect detected;
        Optional<String> current;
        try (Connection connection = getConnection()) {
            detected = Dialect.of(connection);
            current = CurrentSchema.version(connection, detected.migrations());
        }
        if (current.isPresent()) {
            dialect = detected;
            LOG.info("Database {} ready: schema version {} is current, no migration to apply", detected,
                    current.get());
            return;
        }
        var result = Flyway.configure()
                .dataSource(this)
                .locations(detected.migrations())
                .load()
                .migrate();
        dialect = detected;
        LOG.info("Database {} ready: schema version {} ({} migration(s) applied now)", detected,
                result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
                result.migrationsExecuted);
    }

    public boolean isMigrated() {
        return dialect != null;
    }

    /** The database's dialect, known once {@link #migrate()} has run. */
    public Dialect dialect() {
        Dialect known = dialect;
        if (known == null) {
            throw new IllegalStateException("The database has not been migrated yet");
        }
        return known;
    }
}
