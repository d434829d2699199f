package beginibridge.support;

import java.util.Map;
import java.util.Properties;

import org.apache.camel.main.Main;

/**
 * Another instance of the application in this JVM, built from the same application.properties and routes, with
 * settings of its own: a restarted process, or a second replica sharing the database.
 */
public final class StandaloneBridge implements AutoCloseable {

    private final Main main;
    private final int httpPort;

    private StandaloneBridge(Main main, int httpPort) {
        this.main = main;
        this.httpPort = httpPort;
    }

    /** Starts an instance with these settings, on new free ports unless they name {@code http.port}. */
    public static StandaloneBridge start(Map<String, String> settings) throws Exception {
        int httpPort = settings.containsKey("http.port") ? Integer.parseInt(settings.get("http.port"))
                : FreePorts.next();
        Properties overrides = new Properties();
        overrides.put("management.port", String.valueOf(FreePorts.next()));
        overrides.putAll(settings);
        overrides.put("http.port", String.valueOf(httpPort));
        overrides.put("camel.component.properties.environment-variable-mode", "1");
        // as BeginiBridge.main starts it: a main class would also have its package scanned for configurations, and
        // BridgeStartup would run twice (once found, once named by camel.main.configuration-classes)
        Main main = new Main();
        main.setOverrideProperties(overrides);
        main.start();
        return new StandaloneBridge(main, httpPort);
    }

    public int httpPort() {
        return httpPort;
    }

    @Override
    public void close() {
        main.stop();
    }
}
