package beginibridge.routes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import beginibridge.support.ConfigCopy;
import beginibridge.support.Deliveries;
import beginibridge.support.LiveReloadTestSupport;
import com.github.tomakehurst.wiremock.client.WireMock;
import org.apache.camel.Route;
import org.junit.jupiter.api.Test;

/**
 * The developer loop of the README: with live reload on and routes and templates read from folders, the README's
 * edit to the routing table and the CRM template takes effect while the bridge runs, and nothing else stops: the
 * workers go on delivering and the metrics keep counting.
 */
class LiveReloadTest extends LiveReloadTestSupport {

    private static final Pattern ACCEPTED = Pattern.compile("begini_webhooks_total\\{outcome=\"accepted\"} (\\S+)");

    @Test
    void should_apply_an_edited_routing_table_and_template_without_a_restart() throws Exception {
        crm.stubFor(WireMock.post(urlEqualTo("/crm/events")).willReturn(aResponse().withStatus(200)));
        addApplicant("APP-LIVE", "CUST-LIVE", "Live Reload", "CRM-LIVE", "officer.live@bridge.test");
        String before = deliver(webhook("APP-LIVE", "application.complete", "{\"application_completed_at\":1}"));
        assertThat(settled(before)).extracting(Deliveries.Row::destination).containsExactly("crm", "database");
        Route routingTable = context.getRoute("route-event");
        Route crmRoute = context.getRoute("to-crm");
        Route databaseRoute = context.getRoute("to-database");

        ConfigCopy.applyReadmeEdit(config);
        String contentType = "- setHeader:\n" + " ".repeat(20) + "id: crm-content-type";
        ConfigCopy.edit(config.resolve("routes/to-crm.camel.yaml"), "id: to-crm", contentType,
                "- setHeader:\n" + " ".repeat(20) + "id: crm-lender-source\n" + " ".repeat(20)
                        + "name: X-Lender-Source\n" + " ".repeat(20) + "constant: begini-bridge\n" + " ".repeat(16)
                        + contentType);
        eventually().until(() -> replaced(routingTable) && replaced(crmRoute));

        String after = deliver(webhook("APP-LIVE", "application.complete", "{\"application_completed_at\":2}"));
        assertThat(settled(after)).extracting(Deliveries.Row::destination, Deliveries.Row::status)
                .containsExactly(tuple("crm", "done"), tuple("database", "done"), tuple("email", "done"));
        assertThat(crm.getAllServeEvents()).filteredOn(event -> event.getRequest().getBodyAsString()
                .contains("\"lender_stage\": \"assessed\"")).singleElement()
                .satisfies(event -> assertThat(event.getRequest().getHeader("X-Lender-Source"))
                        .isEqualTo("begini-bridge"));
        assertThat(context.getRoute("to-database")).as("a route in a file not edited is left running")
                .isSameAs(databaseRoute);
        assertThat(acceptedSoFar()).as("the metrics are not reset by the reload").isGreaterThanOrEqualTo(2.0);
    }

    private double acceptedSoFar() throws Exception {
        Matcher matcher = ACCEPTED.matcher(management("/observe/metrics").body());
        assertThat(matcher.find()).isTrue();
        return Double.parseDouble(matcher.group(1));
    }
}
