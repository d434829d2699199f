package beginibridge.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

/**
 * The packaged application, target/begini-bridge.jar, as a real process: started with {@code java -jar} in a
 * folder of its own, configured only by environment variables, on its own free ports. It can be killed (SIGKILL),
 * stopped (SIGTERM) and started again on the same ports, as an operator or a crash would.
 */
public final class BridgeProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path workDir;
    private final String name;
    private Map<String, String> environment;
    private final int httpPort = FreePorts.next();
    private final int managementPort = FreePorts.next();
    private final List<Path> logs = new ArrayList<>();
    private Process process;

    private BridgeProcess(Path workDir, String name, Map<String, String> environment) {
        this.workDir = workDir;
        this.name = name;
        this.environment = Map.copyOf(environment);
    }

    /**
     * Starts the jar in {@code workDir} with these environment variables (on top of HTTP_PORT and MANAGEMENT_PORT)
     * and waits until it is ready.
     */
    public static BridgeProcess start(Path workDir, String name, Map<String, String> environment) {
        BridgeProcess bridge = new BridgeProcess(workDir, name, environment);
        bridge.restart();
        return bridge;
    }

    /** Starts the process again, on the same ports with the same settings, and waits until it is ready. */
    public BridgeProcess restart() {
        return restart(Map.of());
    }

    /** Starts the process again, on the same ports, with these settings changed from now on. */
    public BridgeProcess restart(Map<String, String> changes) {
        Map<String, String> changed = new HashMap<>(environment);
        changed.putAll(changes);
        environment = Map.copyOf(changed);
        if (isAlive()) {
            throw new IllegalStateException(name + " is still running");
        }
        Path log = workDir.resolve(name + "-" + (logs.size() + 1) + ".log");
        logs.add(log);
        ProcessBuilder builder = new ProcessBuilder(java(), "-jar", jar().toString())
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // only what the test sets: not a developer's exported DB_URL, CRM_URL...
        builder.environment().keySet().removeIf(variable -> variable.matches(
                "(BEGINI|DB|CRM|SMTP|MAIL|HTTP|MANAGEMENT|ADMIN|DISPATCH|DELIVERY|RETENTION|PAYLOAD|ENRICH|LOG|CAMEL)_.*"));
        builder.environment().put("HTTP_PORT", String.valueOf(httpPort));
        builder.environment().put("MANAGEMENT_PORT", String.valueOf(managementPort));
        builder.environment().putAll(environment);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + jar(), e);
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> !process.isAlive() || ready());
        if (!process.isAlive()) {
            throw new AssertionError(name + " exited with " + process.exitValue() + "; its output:\n" + output());
        }
        return this;
    }

    /** SIGKILL: no shutdown hook, no clean close of anything. */
    public void kill() {
        process.destroyForcibly();
        waitForExit();
    }

    /** SIGTERM: Camel's graceful shutdown. */
    public void stop() {
        process.destroy();
        waitForExit();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public boolean ready() {
        try {
            HttpRequest request = HttpRequest.newBuilder(managementUri("/observe/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException | InterruptedException notYet) {
            return false;
        }
    }

    public int httpPort() {
        return httpPort;
    }

    public int managementPort() {
        return managementPort;
    }

    public URI webhookUri() {
        return URI.create("http://127.0.0.1:" + httpPort + "/webhooks/begini");
    }

    public URI managementUri(String path) {
        return URI.create("http://127.0.0.1:" + managementPort + path);
    }

    /** What the latest run of this process has written so far. */
    public String lastOutput() {
        return read(logs.subList(logs.size() - 1, logs.size()));
    }

    /** Everything every run of this process has written so far. */
    public String output() {
        return read(logs);
    }

    private static String read(List<Path> files) {
        StringBuilder all = new StringBuilder();
        for (Path log : files) {
            try {
                if (Files.exists(log)) {
                    all.append(Files.readString(log, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                all.append("(").append(log.getFileName()).append(" unreadable: ").append(e.getMessage()).append(")\n");
            }
        }
        return all.toString();
    }

    /** Settings a test may start from: this key for integration 00000000000000000001 and the given database. */
    public static Map<String, String> settings(String apiKey, TestDatabase database) {
        Map<String, String> environment = new HashMap<>();
        environment.put("BEGINI_API_KEYS", "00000000000000000001=" + apiKey);
        environment.put("DB_URL", database.url());
        environment.put("DB_USER", database.user());
        environment.put("DB_PASSWORD", database.password());
        return environment;
    }

    @Override
    public void close() {
        if (isAlive()) {
            kill();
        }
    }

    private void waitForExit() {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError(name + " did not exit within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The jar failsafe names in app.jar, or the build's when run from an IDE. */
    public static Path jar() {
        return Path.of(System.getProperty("app.jar", "target/begini-bridge.jar")).toAbsolutePath();
    }
}
