package beginibridge.dispatch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

import beginibridge.support.DispatchTestSupport;
import beginibridge.support.Rows;
import beginibridge.support.TestDatabase;
import com.github.tomakehurst.wiremock.client.WireMock;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A backlog beyond the hand-off (after a crash, a restart or a full queue) is taken as far as the worker queue has
 * room at each poll, not a batch per poll.
 */
class BacklogPollTest extends DispatchTestSupport {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.h2();
    }

    @Override
    protected Map<String, String> moreSettings() {
        return Map.of("delivery.batch-size", "10", "delivery.queue-size", "100", "delivery.workers", "2");
    }

    @Test
    void should_take_a_backlog_beyond_a_batch_as_far_as_the_queue_has_room() throws Exception {
        crm.stubFor(WireMock.post(urlEqualTo("/crm/events")).willReturn(aResponse().withStatus(200)
                .withFixedDelay(3000)));
        for (int i = 0; i < 150; i++) {
            addApplicant("APP-BACKLOG-" + i, "CUST-B" + i, "Backlog", "CRM-B" + i, null);
            routedEvent("APP-BACKLOG-" + i);
        }
        Rows.execute(database(), "INSERT INTO begini_delivery (id, event_id, destination, status, attempts,"
                + " next_attempt_at, created_at, updated_at) SELECT RANDOM_UUID(), id, 'crm', 'pending', 0, ?, ?, ?"
                + " FROM begini_event", anHourAgo(), anHourAgo(), anHourAgo());
        WorkerQueues queues = context.getRegistry().lookupByNameAndType("workerQueues", WorkerQueues.class);

        // a batch (10) per poll (200 ms) would have queued 50 in a second; the queue's room (100) fills at once
        Awaitility.await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50))
                .until(() -> queues.queued("crm") == 100);
    }

    private static OffsetDateTime anHourAgo() {
        return OffsetDateTime.now(ZoneOffset.UTC).minusHours(1);
    }

    private void routedEvent(String uid) throws Exception {
        storeEvent(webhook(uid, "application.complete", "{\"application_completed_at\":1795000900}"), uid,
                "application.complete", "routed");
    }

}
