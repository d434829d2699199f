package beginibridge.cli;

import java.util.Map;
import java.util.Properties;

import beginibridge.db.MigratedDataSource;
import beginibridge.settings.ConfiguredFunction;
import beginibridge.settings.SqlParametersFunction;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * The bridge's settings as the bridge itself reads them (application.properties, then the environment, DB_URL for
 * db.url, and -D), for the commands that work with the bridge's configuration rather than with a running bridge.
 */
final class BridgeSettings {

    private BridgeSettings() {
    }

    /** A Camel context, not started, whose properties are the bridge's with {@code settings} over them. */
    static DefaultCamelContext context(Map<String, String> settings) {
        DefaultCamelContext camel = new DefaultCamelContext();
        Properties overrides = new Properties();
        overrides.putAll(settings);
        camel.getPropertiesComponent().setLocation("classpath:application.properties");
        camel.getPropertiesComponent().setOverrideProperties(overrides);
        camel.getPropertiesComponent().addPropertiesFunction(new ConfiguredFunction(camel));
        camel.getPropertiesComponent().addPropertiesFunction(new SqlParametersFunction(camel));
        camel.build();
        return camel;
    }

    /** A setting's value; empty when it is not set. */
    static String get(DefaultCamelContext camel, String name) {
        return camel.resolvePropertyPlaceholders("{{" + name + ":}}");
    }

    /**
     * The bridge's database, one connection, read only and never migrated: an embedded database that is not there
     * is not created by looking.
     */
    static MigratedDataSource database(DefaultCamelContext camel) {
        String url = get(camel, "db.url");
        if (url.startsWith("jdbc:h2:file:") && !url.toUpperCase(java.util.Locale.ROOT).contains("IFEXISTS")) {
            url += ";IFEXISTS=TRUE";
        }
        MigratedDataSource database = new MigratedDataSource(url, get(camel, "db.user"), get(camel, "db.password"),
                1, Long.parseLong(get(camel, "db.connection-timeout-ms")));
        database.setReadOnly(true);
        return database;
    }
}
