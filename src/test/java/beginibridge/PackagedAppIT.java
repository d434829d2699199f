package beginibridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import beginibridge.support.BridgeProcess;
import beginibridge.support.Signatures;
import beginibridge.support.TestKeys;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Smoke test of what ships: target/begini-bridge.jar started with {@code java -jar} from an empty folder,
 * configured only by environment variables, answers a signed webhook, keeps it through a SIGKILL, and stops cleanly.
 */
class PackagedAppIT {

    final String key = TestKeys.random();
    final HttpClient http = HttpClient.newHttpClient();
    BridgeProcess app;

    @TempDir
    Path workDir;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void should_start_answer_a_signed_webhook_survive_a_kill_and_stop() throws Exception {
        byte[] body = ("{\"uid\":\"APP-smoke\",\"integration_id\":\"00000000000000000001\",\"event\":"
                + "{\"type\":\"application.complete\",\"details\":{\"application_started_at\":1795000000}}}")
                .getBytes(StandardCharsets.UTF_8);

        app = BridgeProcess.start(workDir, "smoke", Map.of("BEGINI_API_KEYS", "00000000000000000001=" + key));
        HttpResponse<String> accepted = post(body);
        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(accepted.body()).startsWith("{\"status\":\"accepted\",\"event_id\":");
        assertThat(runCommand("send", "--type", "application.expired", "--url", app.webhookUri().toString(),
                "--key-file", Files.writeString(workDir.resolve("key"), key).toString()))
                .as("the jar's send command").startsWith("200 {\"status\":\"accepted\"");
        app.kill();

        app.restart(Map.of("LOG_FORMAT", "json"));
        HttpResponse<String> again = post(body);
        assertThat(again.body()).as("the acknowledged event survived SIGKILL")
                .isEqualTo(accepted.body().replace("accepted", "duplicate"));

        app.stop();
        ObjectMapper json = new ObjectMapper();
        for (String line : app.lastOutput().lines().toList()) {
            assertThat(json.readTree(line).has("message")).as("LOG_FORMAT=json line: %s", line).isTrue();
        }
        String output = app.output();
        assertThat(output).contains("Database H2 ready").contains("is shutdown");
        assertThat(Files.exists(workDir.resolve("data"))).as("embedded database created under ./data").isTrue();
        assertThat(output).doesNotContain(key);
    }

    private String runCommand(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                BridgeProcess.jar().toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    private HttpResponse<String> post(byte[] body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(app.webhookUri())
                .header("Content-Type", "application/json")
                .header("X-Signature", Signatures.sign(body, key))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
