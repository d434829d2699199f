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
import java.util.Map;
import java.util.Properties;

import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Runs the real application (application.properties and the YAML routes of routes/) once per test class, on free
 * ports and a database of the class's own, and talks to it over real HTTP.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class BridgeTestSupport extends CamelMainTestSupport {

    protected final int httpPort = FreePorts.next();
    protected final int managementPort = FreePorts.next();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private TestDatabase database;
    /** Every log line of this class's run, from before the application starts. */
    protected LogCapture logs;
    /** Handed to Camel by the superclass constructor, before this class's fields exist; filled before the start. */
    private Properties overrides;

    /** The database this class runs on. */
    protected abstract TestDatabase createDatabase();

    /** Settings of this class beyond ports and database (API keys, algorithm...). */
    protected abstract Map<String, String> settings();

    /** Every setting this class runs with (ports aside), to start another instance like it. */
    protected final java.util.Map<String, String> allSettings() {
        java.util.Map<String, String> all = new java.util.HashMap<>();
        overrides.forEach((key, value) -> all.put(key.toString(), value.toString()));
        all.remove("http.port");
        all.remove("management.port");
        return all;
    }

    /** The JDBC URL the application uses: the test's database, unless a test puts something in between. */
    protected String applicationDatabaseUrl() {
        return database().url();
    }

    protected final TestDatabase database() {
        if (database == null) {
            database = createDatabase();
        }
        return database;
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        overrides = new Properties();
        return overrides;
    }

    @Override
    protected void setupResources() throws Exception {
        super.setupResources();
        if (logs == null) {
            logs = LogCapture.attach();
        }
        overrides.put("http.port", String.valueOf(httpPort));
        overrides.put("management.port", String.valueOf(managementPort));
        overrides.put("db.url", applicationDatabaseUrl());
        overrides.put("db.user", database().user());
        overrides.put("db.password", database().password());
        overrides.putAll(settings());
        // the settings above, not a developer's exported BEGINI_API_KEYS or DB_URL, are what a test runs with
        overrides.put("camel.component.properties.environment-variable-mode", "1");
    }

    @AfterAll
    void dropDatabase() throws Exception {
        if (context != null) {
            context.stop();
        }
        if (logs != null) {
            logs.detach();
        }
        if (database != null) {
            database.close();
        }
    }

    protected HttpResponse<String> postWebhook(byte[] body, Map<String, String> headers) throws IOException,
            InterruptedException {
        return send("POST", "/webhooks/begini", body, headers);
    }

    /** POSTs a body signed with the key, as Begini does. */
    protected HttpResponse<String> postSigned(byte[] body, String apiKey) throws IOException, InterruptedException {
        return postWebhook(body, Map.of("Content-Type", "application/json", "X-Signature", Signatures.sign(body, apiKey)));
    }

    /** POSTs to the webhook path with exactly these headers, a name repeated as often as it is given. */
    protected HttpResponse<String> postWithHeaders(byte[] body, String... namesAndValues) throws IOException,
            InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                + "/webhooks/begini")).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < namesAndValues.length; i += 2) {
            request.header(namesAndValues[i], namesAndValues[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    protected HttpResponse<String> send(String method, String path, byte[] body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** GET on the management port, e.g. {@code /observe/health/ready}. */
    protected HttpResponse<String> management(String path) throws IOException, InterruptedException {
        return management("GET", path, Map.of());
    }

    protected HttpResponse<String> management(String method, String path, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                .timeout(Duration.ofSeconds(30)).method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** The smallest valid webhook: application.complete for this uid, integration 00000000000000000001. */
    protected static byte[] completedWebhook(String uid) {
        return ("{\"uid\":\"" + uid + "\",\"integration_id\":\"00000000000000000001\",\"event\":"
                + "{\"type\":\"application.complete\",\"details\":{}}}").getBytes(StandardCharsets.UTF_8);
    }

    protected static byte[] sample(String name) throws IOException {
        return Files.readAllBytes(Path.of("src/test/resources/events", name));
    }
}
