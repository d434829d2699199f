package beginibridge.metrics;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import beginibridge.support.DispatchTestSupport;
import beginibridge.support.Signatures;
import beginibridge.support.TestDatabase;
import com.github.tomakehurst.wiremock.client.WireMock;
import org.apache.camel.builder.RouteBuilder;
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
    void should_count_webhooks_by_outcome_and_delivery_attempts_by_destination() throws Exception {
        crm.stubFor(WireMock.post(urlEqualTo("/crm/events")).willReturn(aResponse().withStatus(200)));
        addApplicant("APP-MET-1", "CUST-MET", "Metric Test", "CRM-MET", null);
        String before = metrics();
        byte[] body = webhook("APP-MET-1", "application.complete", "{\"application_completed_at\":1795000900}");

        String eventId = deliver(body);
        postSigned(body, apiKey);
        postWebhook(body, Map.of("Content-Type", "application/json", "X-Signature", Signatures.sign(body, "wrong")));
        postSigned("{\"uid\":1}".getBytes(StandardCharsets.UTF_8), apiKey);
        postWebhook(new byte[1024 * 1024 + 1], Map.of("Content-Type", "application/json"));
        postWebhook(body, Map.of("Content-Type", "text/plain"));
        settled(eventId);

        String after = eventually().until(this::metrics, page -> value(page,
                "begini_delivery_attempts_total{destination=\"crm\",outcome=\"done\"}") >= 1);
        for (String outcome : new String[] {"accepted", "duplicate", "forbidden", "invalid", "too_large",
            "unsupported_media_type"}) {
            String counter = "begini_webhooks_total{outcome=\"" + outcome + "\"}";
            assertThat(value(after, counter) - value(before, counter)).as(outcome).isEqualTo(1.0);
        }
        assertThat(value(after, "begini_webhook_intake_seconds_count{outcome=\"accepted\"}")).isGreaterThanOrEqualTo(1);
        assertThat(value(after, "begini_delivery_attempts_total{destination=\"database\",outcome=\"done\"}"))
                .isGreaterThanOrEqualTo(1);
        assertThat(value(after, "begini_delivery_lag_seconds_count{destination=\"crm\"}")).isGreaterThanOrEqualTo(1);
        assertThat(after).contains("begini_delivery_lag_seconds_bucket{destination=\"crm\",le=\"86400.0\"}");
        assertThat(after).doesNotContain(apiKey).doesNotContain("APP-MET-1");
    }

    @Test
    void should_report_retries_the_pending_backlog_its_age_and_the_dead() throws Exception {
        crm.stubFor(WireMock.post(urlEqualTo("/crm/events")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.crm_id", equalTo("CRM-MET2")))
                .willReturn(aResponse().withStatus(503)));
        crm.stubFor(WireMock.post(urlEqualTo("/crm/events")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.crm_id", equalTo("CRM-MET3")))
                .willReturn(aResponse().withStatus(400)));
        addApplicant("APP-MET-2", "CUST-MET2", "Metric Backlog", "CRM-MET2", null);
        addApplicant("APP-MET-3", "CUST-MET3", "Metric Dead", "CRM-MET3", null);

        deliver(webhook("APP-MET-2", "application.complete", "{\"application_completed_at\":1795000901}"));
        deliver(webhook("APP-MET-3", "application.complete", "{\"application_completed_at\":1795000902}"));

        String page = eventually().until(this::metrics,
                text -> value(text, "begini_deliveries_pending{destination=\"crm\"}") >= 1
                        && value(text, "begini_delivery_oldest_pending_age_seconds{destination=\"crm\"}") >= 1
                        && value(text, "begini_deliveries_dead{destination=\"crm\"}") >= 1);
        assertThat(value(page, "begini_delivery_attempts_total{destination=\"crm\",outcome=\"retry\"}"))
                .isGreaterThanOrEqualTo(1);
        assertThat(value(page, "begini_delivery_attempts_total{destination=\"crm\",outcome=\"dead\"}")).isEqualTo(1);
        assertThat(value(page, "begini_deliveries_pending{destination=\"database\"}")).isZero();
    }

    @Test
    void should_show_the_jvms_meters_and_camels_route_counts_as_camel_micrometer_names_them() throws Exception {
        String tags = "{camelContext=\"" + context.getName() + "\",eventType=\"RouteEvent\",kind=\"CamelRoute\"}";
        int routes = context.getRoutes().size();
        String page = metrics();
        assertThat(routes).isPositive();
        assertThat(value(page, "camel_routes_added_routes" + tags)).isEqualTo(routes);
        assertThat(value(page, "camel_routes_running_routes" + tags)).isEqualTo(routes);
        assertThat(value(page, "camel_routes_reloaded_routes" + tags)).isZero();
        assertThat(page).contains("app_info{camel_context=\"" + context.getName()
                + "\",camel_runtime_provider=\"Main\",camel_runtime_version=\"" + context.getVersion()
                + "\",camel_version=\"" + context.getVersion() + "\"} 1");

        assertThat(page).as("the JVM's meters (JvmMeters)").contains("\njvm_memory_used_bytes{area=\"heap\"",
                "\njvm_gc_memory_allocated_bytes_total ", "\njvm_threads_live_threads ", "\nprocess_cpu_usage ",
                "\nsystem_cpu_count ");

        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:route-count-probe").routeId("route-count-probe").setBody(constant("probe"));
            }
        });
        String withProbe = metrics();
        assertThat(value(withProbe, "camel_routes_added_routes" + tags)).isEqualTo(routes + 1);
        assertThat(value(withProbe, "camel_routes_running_routes" + tags)).isEqualTo(routes + 1);
        context.getRouteController().stopRoute("route-count-probe");
        String stopped = metrics();
        assertThat(value(stopped, "camel_routes_added_routes" + tags)).isEqualTo(routes + 1);
        assertThat(value(stopped, "camel_routes_running_routes" + tags)).isEqualTo(routes);
        context.removeRoute("route-count-probe");
        assertThat(value(metrics(), "camel_routes_added_routes" + tags)).isEqualTo(routes);
    }

    private String metrics() throws Exception {
        return management("/observe/metrics").body();
    }

    /** The value of one series; a series that is absent fails the test rather than reading as zero. */
    private static double value(String page, String series) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(page);
        if (!matcher.find()) {
            return series.startsWith("begini_webhooks_total") ? 0.0 : Double.NaN;
        }
        return Double.parseDouble(matcher.group(1));
    }
}
