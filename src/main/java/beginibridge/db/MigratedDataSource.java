package beginibridge.db;

import java.sql.SQLException;

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
        setJdbcUrl(url);
        setUsername(user);
        setPassword(password);
        setMaximumPoolSize(poolSize);
        setConnectionTimeout(connectionTimeoutMillis);
        setValidationTimeout(Math.max(250, Math.min(connectionTimeoutMillis / 2, 5000)));
        setExceptionOverrideClassName(BrokenConnectionEviction.class.getName());
    }

    /** Applies pending migrations; idempotent. */
    public synchronized void migrate() throws SQLException {
        if (dialect != null) {
            return;
        }
        Dialect detected = Dialect.of(this);
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
