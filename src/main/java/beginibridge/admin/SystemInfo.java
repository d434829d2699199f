package beginibridge.admin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import beginibridge.db.MigratedDataSource;
import beginibridge.delivery.Destinations;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.spi.Resource;

/**
 * What the console's system page shows of this instance: its version and start, readiness, the database it writes
 * to (never its credentials), the destinations on or off, the routing table as loaded, and the retention settings.
 * Template reloads are not tracked (an edited template is simply read at the next delivery), so none are shown.
 */
final class SystemInfo {

    /** The route whose file is the routing table. */
    private static final String ROUTING_ROUTE = "route-event";
    private static final List<String> RETENTION = List.of("retention.days", "retention.failed-days",
            "retention.interval");

    private final CamelContext context;
    private final MigratedDataSource dataSource;
    private final Destinations destinations;

    SystemInfo(CamelContext context, MigratedDataSource dataSource, Destinations destinations) {
        this.context = context;
        this.dataSource = dataSource;
        this.destinations = destinations;
    }

    Map<String, Object> now() {
        Map<String, Object> system = new LinkedHashMap<>();
        String version = SystemInfo.class.getPackage().getImplementationVersion();
        system.put("version", version == null ? "development" : version);
        system.put("started_at", Instant.now().minus(context.getUptime()).truncatedTo(ChronoUnit.SECONDS).toString());
        system.put("health", readiness());
        system.put("database", database());
        List<Map<String, Object>> shown = new ArrayList<>();
        for (String name : destinations.all()) {
            shown.add(Map.of("name", name, "on", destinations.isOn(name)));
        }
        system.put("destinations", shown);
        system.put("routing_table", routingTable());
        Map<String, String> retention = new LinkedHashMap<>();
        for (String setting : RETENTION) {
            retention.put(setting.substring("retention.".length()).replace('-', '_'),
                    context.resolvePropertyPlaceholders("{{" + setting + "}}"));
        }
        system.put("retention", retention);
        return system;
    }

    private Map<String, Object> readiness() {
        Map<String, String> checks = new LinkedHashMap<>();
        boolean up = true;
        for (HealthCheck.Result result : HealthCheckHelper.invokeReadiness(context)) {
            checks.put(result.getCheck().getId(), result.getState().name());
            up &= result.getState() != HealthCheck.State.DOWN;
        }
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("status", up ? "UP" : "DOWN");
        health.put("checks", checks);
        return health;
    }

    private Map<String, Object> database() {
        Map<String, Object> database = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData meta = connection.getMetaData();
            database.put("product", meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion());
            database.put("url", withoutCredentials(meta.getURL()));
        } catch (SQLException unreachable) {
            database.put("product", null);
            database.put("url", null);
        }
        return database;
    }

    /** A JDBC URL without user information or parameters, where a user or a password may be written. */
    static String withoutCredentials(String url) {
        if (url == null) {
            return null;
        }
        String bare = url.split("[?;]", 2)[0];
        return bare.replaceFirst("//[^/@]*@", "//");
    }

    private String routingTable() {
        Route route = context.getRoute(ROUTING_ROUTE);
        Resource source = route == null ? null : route.getSourceResource();
        if (source == null) {
            return null;
        }
        try (InputStream in = source.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException unreadable) {
            return null;
        }
    }
}
