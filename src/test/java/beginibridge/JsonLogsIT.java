package beginibridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import beginibridge.support.BridgeProcess;
import beginibridge.support.Signatures;
import beginibridge.support.TestKeys;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LOG_FORMAT=json as README, Logging, documents it, read from what the packaged jar writes: every line one JSON object
 * with an ISO-8601 timestamp, level, logger, thread and message, and the event's and delivery's fields (MDC) as fields
 * of their own, on the intake's line and the delivery's.
 */
class JsonLogsIT {

    private static final List<String> ALWAYS = List.of("timestamp", "level", "logger", "thread", "message");

    final String key = TestKeys.random();
    final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path workDir;

    @Test
    void should_write_each_line_as_json_with_the_documented_fields() throws Exception {
        String uid = "APP-json-" + System.nanoTime();
        byte[] body = ("{\"uid\":\"" + uid + "\",\"integration_id\":\"00000000000000000001\",\"event\":"
                + "{\"type\":\"application.complete\",\"details\":{\"application_completed_at\":1795000000}}}")
                .getBytes(StandardCharsets.UTF_8);
        try (BridgeProcess app = BridgeProcess.start(workDir, "json", Map.of("LOG_FORMAT", "json",
                "BEGINI_API_KEYS", "00000000000000000001=" + key))) {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(app.webhookUri())
                    .header("Content-Type", "application/json").header("X-Signature", Signatures.sign(body, key))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> app.output().contains("\"destination\":\"database\""));
            app.stop();

            List<JsonNode> lines = app.output().lines().map(this::read).toList();
            for (JsonNode line : lines) {
                assertThat(ALWAYS).allSatisfy(field -> assertThat(line.has(field)).as("%s in %s", field, line)
                        .isTrue());
                assertThat(Instant.parse(line.get("timestamp").asText())).isNotNull();
            }
            String eventId = json.readTree(answer.body()).get("event_id").asText();
            JsonNode intake = lines.stream().filter(line -> line.path("outcome").asText().equals("accepted"))
                    .findFirst().orElseThrow();
            assertThat(intake.get("event_id").asText()).isEqualTo(eventId);
            assertThat(intake.get("uid_hash").asText()).matches("[0-9a-f]{12}");
            JsonNode delivery = lines.stream().filter(line -> line.path("destination").asText().equals("database"))
                    .findFirst().orElseThrow();
            assertThat(delivery.get("event_id").asText()).isEqualTo(eventId);
            assertThat(delivery.get("delivery_id").asText()).isNotBlank();
            assertThat(delivery.get("outcome").asText()).isEqualTo("done");
            assertThat(delivery.get("attempt").asText()).isEqualTo("1");
            assertThat(delivery.get("uid_hash").asText()).isEqualTo(intake.get("uid_hash").asText());
            assertThat(lines).as("the start summary and the ready line")
                    .anySatisfy(line -> assertThat(line.get("message").asText()).startsWith("Webhooks at http://"))
                    .anySatisfy(line -> assertThat(line.get("message").asText()).matches("Ready in \\d+ ms"));
            assertThat(lines).as("the fields are cleared once the line is logged")
                    .filteredOn(line -> line.get("message").asText().startsWith("Ready in"))
                    .allSatisfy(line -> assertThat(line.has("event_id")).isFalse());
            assertThat(app.output()).as("Camel's summary naming the management port's address as 0.0.0.0")
                    .doesNotContain("0.0.0.0:" + app.managementPort())
                    .contains("management at http://127.0.0.1:" + app.managementPort() + "/observe");
            assertThat(app.output()).doesNotContain(uid).doesNotContain(key);
        }
    }

    private JsonNode read(String line) {
        try {
            return json.readTree(line);
        } catch (Exception notJson) {
            throw new AssertionError("not a JSON line: " + line, notJson);
        }
    }
}
