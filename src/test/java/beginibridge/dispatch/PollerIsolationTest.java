package beginibridge.dispatch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import beginibridge.support.Deliveries;
import beginibridge.support.DispatchTestSupport;
import beginibridge.support.Rows;
import beginibridge.support.TestDatabase;
import com.github.tomakehurst.wiremock.client.WireMock;
import org.awaitility.Awaitility;
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

        Awaitility.await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(100))
                .until(() -> "done".equals(Deliveries.one(database(), eventId.toString(), "database").status()));
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
