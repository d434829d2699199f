package beginibridge.dispatch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import beginibridge.support.Deliveries;
import beginibridge.support.DispatchTestSupport;
import beginibridge.support.Rows;
import beginibridge.support.StandaloneBridge;
import com.github.tomakehurst.wiremock.client.WireMock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What a crash leaves behind is found and finished: events stored but never handed off, deliveries claimed by an
 * instance that died, and work pending when the application stopped.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class RecoveryContract extends DispatchTestSupport {

    @BeforeEach
    void crmAcceptsEverything() {
        crm.resetAll();
        crm.stubFor(WireMock.post(urlEqualTo("/crm/events")).willReturn(aResponse().withStatus(200).withBody("{}")));
    }

    @Test
    void should_route_an_event_that_was_stored_but_never_handed_off() throws Exception {
        UUID eventId = storeReceived("APP-REC-stored", "application.complete");

        assertThat(settled(eventId.toString())).extracting(Deliveries.Row::status).containsOnly("done", "unmatched");
        assertThat(Deliveries.eventStatus(database(), eventId.toString())).isEqualTo("routed");
    }

    @Test
    void should_take_over_a_claim_of_a_dead_instance_only_after_its_lease() throws Exception {
        addApplicant("APP-REC-lease", "CUST-REC", "Lease Test", "CRM-REC", null);
        UUID eventId = storeReceived("APP-REC-lease", "application.complete");
        Rows.execute(database(), "UPDATE begini_event SET status = 'routed' WHERE id = ?", eventId);
        UUID deliveryId = UUID.randomUUID();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
        // many poll intervals (200 ms) long, so that a poller ignoring it would take the claim well within it
        OffsetDateTime leaseUntil = now.plusSeconds(3);
        Rows.execute(database(), "INSERT INTO begini_delivery (id, event_id, destination, status, attempts,"
                + " next_attempt_at, lease_token, lease_until, created_at, updated_at)"
                + " VALUES (?, ?, 'crm', 'pending', 1, ?, ?, ?, ?, ?)", deliveryId, eventId, now, UUID.randomUUID(),
                leaseUntil, now, now);

        eventually().until(() -> "done".equals(Deliveries.status(database(), eventId.toString(), "crm")));

        assertThat(Deliveries.one(database(), eventId.toString(), "crm").attempts()).isEqualTo(2);
        // what the database recorded, not how long the test waited: the only attempt made here began after the lease
        assertThat(Rows.query(database(), "SELECT attempt FROM begini_delivery_attempt WHERE delivery_id = ?",
                deliveryId)).as("attempts recorded").hasSize(1);
        assertThat(Rows.query(database(), "SELECT attempt FROM begini_delivery_attempt WHERE delivery_id = ?"
                + " AND attempt = 2 AND started_at >= ?", deliveryId, leaseUntil))
                .as("the taking over attempt, begun once the dead instance's lease (until %s) had run out", leaseUntil)
                .hasSize(1);
        crm.verify(1, postRequestedFor(urlEqualTo("/crm/events")).withHeader("Idempotency-Key",
                equalTo(deliveryId.toString())));
    }

    @Test
    @Order(Integer.MAX_VALUE) // stops this class's application
    void should_finish_pending_work_in_the_next_process_after_a_stop() throws Exception {
        addApplicant("APP-REC-restart", "CUST-RST", "Restart Test", "CRM-RST", null);
        crm.stubFor(WireMock.post(urlEqualTo("/crm/events")).willReturn(aResponse().withStatus(503)));
        String eventId = deliver(webhook("APP-REC-restart", "application.complete",
                "{\"application_completed_at\":1795000900}"));
        eventually().until(() -> Deliveries.one(database(), eventId, "crm").attempts() >= 1);
        java.util.Map<String, String> settings = allSettings();

        context.stop();
        crm.resetAll();
        crm.stubFor(WireMock.post(urlEqualTo("/crm/events")).willReturn(aResponse().withStatus(200)));
        Rows.execute(database(), "UPDATE begini_delivery SET next_attempt_at = ? WHERE event_id = ?",
                OffsetDateTime.now(ZoneOffset.UTC), UUID.fromString(eventId));
        try (StandaloneBridge next = StandaloneBridge.start(settings)) {
            eventually().until(() -> "done".equals(Deliveries.status(database(), eventId, "crm")));
        }

        crm.verify(1, postRequestedFor(urlEqualTo("/crm/events")));
        assertThat(Deliveries.one(database(), eventId, "database").status()).isEqualTo("done");
    }

    /** Stores an event as the intake does, as if the process died right after the commit. */
    private UUID storeReceived(String uid, String type) throws Exception {
        return storeEvent(webhook(uid, type, "{\"application_completed_at\":1795000900}"), uid, type, "received");
    }

}
