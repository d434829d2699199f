package beginibridge.dispatch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import beginibridge.support.DispatchTestSupport;
import beginibridge.support.Signatures;
import beginibridge.support.TestDatabase;
import com.github.tomakehurst.wiremock.client.WireMock;
import org.junit.jupiter.api.Test;

/** /observe/metrics on the management port counts what the bridge does. */
class MetricsTest extends DispatchTestSupport {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.h2();
    }

    @Override
    protected Map<String, String> moreSettings() {
        return Map.of("metrics.backlog-interval", "200");
    }

    @Test
    void should_count_webhooks_by_outcome_and_deliveries_by_destination() throws Exception {
        crm.stubFor(WireMock.post(urlEqualTo("/crm/events")).willReturn(aResponse().withStatus(200)));
        addApplicant("APP-MET-1", "CUST-MET", "Metric Test", "CRM-MET", null);
        String before = metrics();
        byte[] body = webhook("APP-MET-1", "application.complete", "{\"application_completed_at\":1795000900}");

        String eventId = deliver(body);
        postSigned(body, apiKey);
        postWebhook(body, Map.of("Content-Type", "application/json", "X-Signature", Signatures.sign(body, "wrong")));
        postSigned("{\"uid\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8), apiKey);
        postWebhook(new byte[1024 * 1024 + 1], Map.of("Content-Type", "application/json"));
        settled(eventId);

        String after = eventually().until(this::metrics, page -> value(page,
                "begini_deliveries_total{destination=\"crm\",outcome=\"done\"}") >= 1);
        for (String outcome : new String[] {"accepted", "duplicate", "forbidden", "invalid", "too_large"}) {
            String counter = "begini_webhooks_total{outcome=\"" + outcome + "\"}";
            assertThat(value(after, counter) - value(before, counter)).as(outcome).isEqualTo(1.0);
        }
        assertThat(value(after, "begini_webhook_intake_seconds_count{outcome=\"accepted\"}")).isGreaterThanOrEqualTo(1);
        assertThat(value(after, "begini_deliveries_total{destination=\"database\",outcome=\"done\"}")).isGreaterThanOrEqualTo(1);
        assertThat(value(after, "begini_delivery_lag_seconds_count{destination=\"crm\"}")).isGreaterThanOrEqualTo(1);
        assertThat(after).doesNotContain(apiKey).doesNotContain("APP-MET-1");
    }

    @Test
    void should_report_the_pending_backlog_and_its_age() throws Exception {
        crm.stubFor(WireMock.post(urlEqualTo("/crm/events")).willReturn(aResponse().withStatus(503)));
        addApplicant("APP-MET-2", "CUST-MET2", "Metric Backlog", "CRM-MET2", null);

        deliver(webhook("APP-MET-2", "application.complete", "{\"application_completed_at\":1795000901}"));

        String page = eventually().until(this::metrics,
                text -> value(text, "begini_deliveries_pending{destination=\"crm\"}") >= 1
                        && value(text, "begini_delivery_oldest_pending_age_seconds{destination=\"crm\"}") >= 1);
        assertThat(value(page, "begini_deliveries_pending{destination=\"database\"}")).isZero();
        assertThat(page).contains("begini_deliveries_dead{destination=\"crm\"}");
    }

    private String metrics() throws Exception {
        return management("/observe/metrics").body();
    }

    private static double value(String page, String series) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(page);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0.0;
    }
}
