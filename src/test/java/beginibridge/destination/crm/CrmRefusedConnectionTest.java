package beginibridge.destination.crm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import beginibridge.support.Deliveries;
import beginibridge.support.DispatchTestSupport;
import beginibridge.support.FreePorts;
import beginibridge.support.TestDatabase;
import org.junit.jupiter.api.Test;

/** A CRM nobody listens for: its deliveries wait and retry, the other destinations of the same event go ahead. */
class CrmRefusedConnectionTest extends DispatchTestSupport {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.h2();
    }

    @Override
    protected Map<String, String> moreSettings() {
        return Map.of("crm.url", "http://127.0.0.1:" + FreePorts.next() + "/crm/events",
                "delivery.max-attempts", "100");
    }

    @Test
    void should_keep_retrying_a_refused_crm_while_the_database_delivery_completes() throws Exception {
        addApplicant("APP-CRM-refused", "CUST-REF", "Rae Refused", "CRM-REF", null);

        String eventId = deliver(webhook("APP-CRM-refused", "application.complete",
                "{\"application_started_at\":1795000000,\"application_completed_at\":1795001487}"));

        Deliveries.Row crmDelivery = crmRetried(eventId);
        assertThat(crmDelivery.status()).isEqualTo("pending");
        assertThat(crmDelivery.lastError()).containsIgnoringCase("refused");
        assertThat(Deliveries.one(database(), eventId, "database").status()).isEqualTo("done");
    }

    @Test
    void should_send_the_email_of_an_event_whose_crm_refuses_connections() throws Exception {
        addApplicant("APP-CRM-refused-mail", "CUST-REFM", "Mel Refused", "CRM-REFM", "officer@bridge.test");

        String eventId = deliver(webhook("APP-CRM-refused-mail", "application.expired",
                "{\"application_started_at\":1795000000,\"application_expired_at\":1795086400}"));

        assertThat(crmRetried(eventId).status()).isEqualTo("pending");
        eventually().until(() -> Deliveries.one(database(), eventId, "email").status(), "done"::equals);
        assertThat(smtp.getReceivedMessagesForDomain("bridge.test")).hasSize(1);
    }

    private Deliveries.Row crmRetried(String eventId) {
        return eventually().until(() -> Deliveries.one(database(), eventId, "crm"),
                row -> row != null && row.attempts() >= 2 && row.lastError() != null);
    }
}
