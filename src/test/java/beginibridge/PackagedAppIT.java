package beginibridge;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.concurrent.TimeUnit;

import beginibridge.support.FreePorts;
import com.fasterxml.jackson.databind.ObjectMapper;
import beginibridge.support.Signatures;
import beginibridge.support.TestKeys;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Smoke test of what ships: target/begini-bridge.jar started with {@code java -jar} from an empty folder,
 * configured only by environment variables, answers a signed webhook, keeps it through a SIGKILL, and stops cleanly.
 */
class PackagedAppIT {

    final String key = TestKeys.random();
    final int httpPort = FreePorts.next();
    final int managementPort = FreePorts.next();
    final HttpClient http = HttpClient.newHttpClient();
    Process app;

    @TempDir
    Path workDir;

    @AfterEach
    void stop() throws InterruptedException {
        if (app != null && app.isAlive()) {
            app.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void should_start_answer_a_signed_webhook_survive_a_kill_and_stop() throws Exception {
        byte[] body = ("{\"uid\":\"APP-smoke\",\"integration_id\":\"00000000000000000001\",\"event\":"
                + "{\"type\":\"application.complete\",\"details\":{\"application_started_at\":1795000000}}}")
                .getBytes(StandardCharsets.UTF_8);

        Path firstLog = start("first.log", Map.of());
        HttpResponse<String> accepted = post(body);
        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(accepted.body()).startsWith("{\"status\":\"accepted\",\"event_id\":");
        assertThat(runCommand("send", "--type", "application.expired", "--url",
                "http://127.0.0.1:" + httpPort + "/webhooks/begini", "--key-file",
                Files.writeString(workDir.resolve("key"), key).toString()))
                .as("the jar's send command").startsWith("200 {\"status\":\"accepted\"");
        app.destroyForcibly();
        assertThat(app.waitFor(30, TimeUnit.SECONDS)).as("killed").isTrue();

        Path secondLog = start("second.log", Map.of("LOG_FORMAT", "json"));
        HttpResponse<String> again = post(body);
        assertThat(again.body()).as("the acknowledged event survived SIGKILL")
                .isEqualTo(accepted.body().replace("accepted", "duplicate"));

        app.destroy();
        assertThat(app.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s").isTrue();
        ObjectMapper json = new ObjectMapper();
        for (String line : read(secondLog).lines().toList()) {
            assertThat(json.readTree(line).has("formattedMessage")).as("LOG_FORMAT=json line: %s", line).isTrue();
        }
        String output = read(firstLog) + read(secondLog);
        assertThat(output).contains("Database H2 ready").contains("is shutdown");
        assertThat(Files.exists(workDir.resolve("data"))).as("embedded database created under ./data").isTrue();
        assertThat(output).doesNotContain(key);
    }

    private String runCommand(String... args) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar().toString()));
        command.addAll(java.util.List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    private static Path jar() {
        return Path.of(System.getProperty("app.jar", "target/begini-bridge.jar")).toAbsolutePath();
    }

    private Path start(String logName, Map<String, String> environment) throws Exception {
        Path log = workDir.resolve(logName);
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar().toString())
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // only what this test sets: not a developer's exported DB_URL, CRM_URL...
        builder.environment().keySet().removeIf(name -> name.matches("(BEGINI|DB|CRM|SMTP|MAIL|HTTP|MANAGEMENT)_.*"));
        builder.environment().put("BEGINI_API_KEYS", "00000000000000000001=" + key);
        builder.environment().put("HTTP_PORT", String.valueOf(httpPort));
        builder.environment().put("MANAGEMENT_PORT", String.valueOf(managementPort));
        builder.environment().putAll(environment);
        app = builder.start();
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> !app.isAlive() || ready());
        assertThat(app.isAlive()).as("the jar is running; its output:%n%s", read(log)).isTrue();
        return log;
    }

    private boolean ready() {
        try {
            HttpRequest request = HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + managementPort + "/observe/health/ready")).build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException | InterruptedException notYet) {
            return false;
        }
    }

    private HttpResponse<String> post(byte[] body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/webhooks/begini"))
                .header("Content-Type", "application/json")
                .header("X-Signature", Signatures.sign(body, key))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }
}
