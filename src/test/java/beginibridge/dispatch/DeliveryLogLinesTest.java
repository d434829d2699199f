package beginibridge.dispatch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import beginibridge.support.DispatchTestSupport;
import beginibridge.support.TestDatabase;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.junit.jupiter.api.Test;

/**
 * What the log says of deliveries, as an operator reads it: a retry at INFO naming the host being called, a dead
 * delivery at WARN with its reason, one line for an event the routing table sends nowhere; never a uid or a token.
 */
class DeliveryLogLinesTest extends DispatchTestSupport {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.h2();
    }

    @Test
    void should_log_a_retry_with_the_host_and_a_dead_delivery_at_warn_with_its_reason() throws Exception {
        addApplicant("APP-LOG-1", "CUST-LOG-1", "Log Lines", "CRM-LOG-1", null);
        crm.stubFor(post(urlEqualTo("/crm/events")).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("refusing"));
        crm.stubFor(post(urlEqualTo("/crm/events")).inScenario("flaky").whenScenarioStateIs("refusing")
                .willReturn(aResponse().withStatus(400)));

        String eventId = deliver(webhook("APP-LOG-1", "application.complete", "{\"application_completed_at\":1}"));
        settled(eventId);

        List<String> crmLines = logs.lines().stream().filter(line -> line.contains("(crm")).toList();
        assertThat(crmLines).anySatisfy(line -> assertThat(line).startsWith("INFO")
                .contains("(crm at 127.0.0.1:" + crm.port() + ") attempt 1 failed: HTTP 503; retry at"));
        assertThat(crmLines).anySatisfy(line -> assertThat(line).startsWith("WARN")
                .contains("(crm) attempt 2 failed, dead: HTTP 400: the destination refused the request"));
        assertThat(logs.lines()).noneMatch(line -> line.contains("APP-LOG-1") || line.contains(crmToken));
    }

    @Test
    void should_log_one_line_for_an_unrouted_event() throws Exception {
        String eventId = deliver(webhook("APP-LOG-2", "application.renamed", "{}"));

        eventually().until(() -> logs.lines().stream().anyMatch(line -> line.contains("Event " + eventId)));
        assertThat(logs.lines()).filteredOn(line -> line.contains("Event " + eventId)).singleElement().asString()
                .startsWith("INFO").contains("of type application.renamed is unrouted");
    }
}
