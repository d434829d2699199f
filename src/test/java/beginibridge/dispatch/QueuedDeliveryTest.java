package beginibridge.dispatch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import beginibridge.support.DispatchTestSupport;
import beginibridge.support.Rows;
import beginibridge.support.TestDatabase;
import com.github.tomakehurst.wiremock.client.WireMock;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The poller does not queue again a delivery already waiting in this instance's worker queue: no wasted claim.
 */
class QueuedDeliveryTest extends DispatchTestSupport {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.h2();
    }

    @Override
    protected Map<String, String> moreSettings() {
        return Map.of("delivery.batch-size", "10", "delivery.queue-size", "100", "delivery.workers", "2");
    }

    @Test
    void should_not_queue_again_a_delivery_waiting_in_its_queue() throws Exception {
        crm.stubFor(WireMock.post(urlEqualTo("/crm/events")).willReturn(aResponse().withStatus(200)
                .withFixedDelay(1000)));
        List<UUID> waiting = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            addApplicant("APP-QUEUED-" + i, "CUST-Q" + i, "Queued", "CRM-Q" + i, null);
            waiting.add(pendingDelivery(routedEvent("APP-QUEUED-" + i), "crm", anHourAgo()));
        }
        WorkerQueues queues = context.getRegistry().lookupByNameAndType("workerQueues", WorkerQueues.class);
        // two in the workers' hands, four waiting in the queue
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> queues.queued("crm") == 4);

        List<UUID> polled = context.getRegistry().lookupByNameAndType("dispatcher", Dispatcher.class).due().stream()
                .map(DeliveryRef::getId).toList();

        assertThat(polled).as("due deliveries found by a poll while the CRM worker is busy").isEmpty();
        assertThat(waiting.stream().filter(id -> queues.isQueued(id, "crm"))).hasSize(4);
    }

    private static OffsetDateTime anHourAgo() {
        return OffsetDateTime.now(ZoneOffset.UTC).minusHours(1);
    }

    private UUID routedEvent(String uid) throws Exception {
        return storeEvent(webhook(uid, "application.complete", "{\"application_completed_at\":1795000900}"), uid,
                "application.complete", "routed");
    }

    private UUID pendingDelivery(UUID eventId, String destination, OffsetDateTime due) throws Exception {
        UUID id = UUID.randomUUID();
        Rows.execute(database(), "INSERT INTO begini_delivery (id, event_id, destination, status, attempts,"
                + " next_attempt_at, created_at, updated_at) VALUES (?, ?, ?, 'pending', 0, ?, ?, ?)",
                id, eventId, destination, due, due, due);
        return id;
    }
}
