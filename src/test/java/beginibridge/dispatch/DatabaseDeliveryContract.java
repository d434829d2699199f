package beginibridge.dispatch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import beginibridge.support.Deliveries;
import beginibridge.support.DispatchTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Smoke check of the dispatch plumbing: an event flows to the database and the CRM. */
abstract class DatabaseDeliveryContract extends DispatchTestSupport {

    @BeforeEach
    void crmAcceptsEverything() {
        crm.stubFor(post(urlEqualTo("/crm/events")).willReturn(aResponse().withStatus(200).withBody("{}")));
    }

    @Test
    void should_deliver_a_complete_event_to_database_and_crm() throws Exception {
        addApplicant("APP-T-flow", "CUST-77", "Flow Test", "CRM-77", "officer@bridge.test");

        String eventId = deliver(webhook("APP-T-flow", "application.complete",
                "{\"application_started_at\":1795000000,\"application_completed_at\":1795000900}"));

        assertThat(settled(eventId)).extracting(Deliveries.Row::destination, Deliveries.Row::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("crm", "done"),
                        org.assertj.core.groups.Tuple.tuple("database", "done"));
        assertThat(Deliveries.eventStatus(database(), eventId)).isEqualTo("routed");
    }
}
