package beginibridge.dispatch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import beginibridge.support.DispatchTestSupport;
import beginibridge.support.Rows;
import beginibridge.support.TestDatabase;
import com.github.tomakehurst.wiremock.client.WireMock;
import org.junit.jupiter.api.Test;

/**
 * Deliveries found by the poller (after a restart, say) are taken per destination: a long backlog of a slow CRM
 * does not hold back the database deliveries behind it.
 */
class PollerIsolationTest extends DispatchTestSupport {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.h2();
    }

    @Override
    protected Map<String, String> moreSettings() {
        return Map.of("delivery.batch-size", "10");
    }

    @Test
    void should_not_let_a_slow_crm_backlog_delay_database_deliveries() throws Exception {
        crm.stubFor(WireMock.post(urlEqualTo("/crm/events")).willReturn(aResponse().withStatus(200)
                .withFixedDelay(1000)));
        OffsetDateTime anHourAgo = OffsetDateTime.now(ZoneOffset.UTC).minusHours(1);
        for (int i = 0; i < 60; i++) {
            addApplicant("APP-BACKLOG-" + i, "CUST-B" + i, "Backlog", "CRM-B" + i, null);
            pendingDelivery(routedEvent("APP-BACKLOG-" + i), "crm", anHourAgo);
        }
        UUID eventId = routedEvent("APP-BACKLOG-db");

        pendingDelivery(eventId, "database", OffsetDateTime.now(ZoneOffset.UTC));

        // held back behind the backlog, it would wait until the CRM workers were through it (60 x 1 s over 4
        // workers): what is seen in one look, the database delivery done and the CRM backlog still there, says it
        // was not, whatever the speed of the machine
        Map<String, Object> seen = eventually().until(() -> Rows.query(database(), "SELECT"
                + " (SELECT status FROM begini_delivery WHERE event_id = ? AND destination = 'database') AS db,"
                + " (SELECT COUNT(*) FROM begini_delivery WHERE destination = 'crm' AND status = 'pending') AS crm"
                + " FROM begini_delivery WHERE event_id = ?", eventId, eventId).get(0),
                row -> "done".equals(row.get("db")));
        assertThat(((Number) seen.get("crm")).intValue()).as("CRM deliveries still pending").isPositive();
    }

    private UUID routedEvent(String uid) throws Exception {
        return storeEvent(webhook(uid, "application.complete", "{\"application_completed_at\":1795000900}"), uid,
                "application.complete", "routed");
    }

    private void pendingDelivery(UUID eventId, String destination, OffsetDateTime due) throws Exception {
        Rows.execute(database(), "INSERT INTO begini_delivery (id, event_id, destination, status, attempts,"
                + " next_attempt_at, created_at, updated_at) VALUES (?, ?, ?, 'pending', 0, ?, ?, ?)",
                UUID.randomUUID(), eventId, destination, due, due, due);
    }
}
