package beginibridge.dispatch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import beginibridge.support.Deliveries;
import beginibridge.support.DispatchTestSupport;
import beginibridge.support.Rows;
import beginibridge.support.Signatures;
import beginibridge.support.StandaloneBridge;
import beginibridge.support.TestDatabase;
import com.github.tomakehurst.wiremock.client.WireMock;
import org.junit.jupiter.api.Test;

/** Two instances sharing one PostgreSQL database split the work and never perform a delivery twice. */
class PostgresTwoInstancesTest extends DispatchTestSupport {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.postgres();
    }

    /**
     * A second before a poller takes over an event still received, rather than the suite's usual 200 ms: each
     * instance's own webhooks are routed by its in-process hand-off, as in production, even when that instance's
     * first routing is slow to start (a busy machine once let the other's poller take all of them, and the test
     * then saw one instance do all the work).
     */
    @Override
    protected Map<String, String> moreSettings() {
        return Map.of("dispatch.poll-interval", "1s");
    }

    @Test
    void should_never_deliver_the_same_delivery_twice() throws Exception {
        crm.stubFor(WireMock.post(urlEqualTo("/crm/events")).willReturn(aResponse().withStatus(200)
                .withFixedDelay(20)));
        addApplicant("APP-TWO", "CUST-TWO", "Two Instances", "CRM-TWO", null);
        HttpClient http = HttpClient.newHttpClient();
        try (StandaloneBridge second = StandaloneBridge.start(allSettings())) {
            for (int i = 0; i < 60; i++) {
                storeEvent(webhook("APP-TWO", "application.complete", "{\"application_completed_at\":" + i + "}"),
                        "APP-TWO", "application.complete", "received");
            }
            for (int i = 0; i < 40; i++) {
                byte[] body = webhook("APP-TWO", "application.complete", "{\"application_completed_at\":" + (100 + i)
                        + "}");
                int port = i % 2 == 0 ? httpPort : second.httpPort();
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/webhooks/begini"))
                        .header("Content-Type", "application/json")
                        .header("X-Signature", Signatures.sign(body, apiKey))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).isEqualTo(200);
            }

            eventually().atMost(java.time.Duration.ofSeconds(60)).until(() -> {
                List<Deliveries.Row> all = Deliveries.all(database());
                return all.size() == 200 && all.stream().allMatch(row -> row.status().equals("done"));
            });
        }

        List<Deliveries.Row> crmDeliveries = Deliveries.all(database()).stream()
                .filter(row -> row.destination().equals("crm")).toList();
        Map<String, Long> requestsPerKey = crm.findAll(WireMock.postRequestedFor(urlEqualTo("/crm/events"))).stream()
                .map(request -> request.getHeader("Idempotency-Key"))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(crmDeliveries).hasSize(100);
        assertThat(requestsPerKey).hasSize(100).allSatisfy((key, count) -> assertThat(count).as(key).isEqualTo(1));
        assertThat(Deliveries.all(database())).allSatisfy(row -> assertThat(row.attempts()).isEqualTo(1));
        assertThat(Rows.query(database(), "SELECT COUNT(*) AS n FROM begini_delivery_attempt").get(0).get("n"))
                .as("every first attempt succeeded: recorded on its delivery row alone").isEqualTo(0L);
        assertThat(Rows.query(database(), "SELECT COUNT(*) AS n FROM begini_delivery"
                + " WHERE last_attempt_finished_at IS NOT NULL").get(0).get("n")).isEqualTo(200L);
        assertThat(logs.lines().stream().filter(line -> line.contains("Dispatcher - Delivery"))
                .map(line -> line.replaceAll("^.*\\[Camel \\((camel-\\d+)\\).*$", "$1")).distinct())
                .as("both instances performed deliveries").hasSize(2);
    }

}
