package beginibridge.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness of the bridge's database: down until the migrations have run and whenever no valid connection can be
 * had, so that a load balancer stops sending webhooks this instance could only answer 503.
 */
public final class DatabaseHealthCheck extends AbstractHealthCheck {

    private final MigratedDataSource dataSource;

    public DatabaseHealthCheck(MigratedDataSource dataSource) {
        super("begini", "database");
        this.dataSource = dataSource;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        if (!dataSource.isMigrated()) {
            builder.message("database migrations have not run").down();
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            if (connection.isValid(2)) {
                builder.up();
            } else {
                builder.message("database connection is not valid").down();
            }
        } catch (SQLException unreachable) {
            builder.message("database unreachable").down();
        }
    }
}
