package beginibridge.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import beginibridge.support.DispatchTestSupport;
import beginibridge.support.Rows;
import beginibridge.support.TestDatabase;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Received events the in-memory hand-off lost (a crash, a restart, a full queue) are routed batch after batch while
 * full batches come back, not a batch per poll; one still waiting in the routing queue is left to it.
 */
class EventBacklogPollTest extends DispatchTestSupport {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.h2();
    }

    @Override
    protected Map<String, String> moreSettings() {
        return Map.of("dispatch.poll-interval", "2s", "delivery.batch-size", "10");
    }

    @Test
    void should_route_a_backlog_of_events_in_one_poll() throws Exception {
        for (int i = 0; i < 100; i++) {
            String uid = "APP-LEFT-" + i;
            storeEvent(webhook(uid, "application.complete", "{\"application_completed_at\":1795000900}"), uid,
                    "application.complete", "routed");
        }
        Rows.execute(database(), "UPDATE begini_event SET status = 'received', received_at = ?",
                OffsetDateTime.now(ZoneOffset.UTC).minusHours(1));

        // a batch (10) per poll (2 s) would take 20 s
        Awaitility.await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(200))
                .until(() -> Rows.query(database(), "SELECT id FROM begini_event WHERE status = 'received'")
                        .isEmpty());
    }

    @Test
    void should_leave_an_event_waiting_in_the_routing_queue_to_that_queue() throws Exception {
        String uid = "APP-QUEUED";
        UUID eventId = storeEvent(webhook(uid, "application.complete", "{\"application_completed_at\":1795000900}"),
                uid, "application.complete", "received");
        Rows.execute(database(), "UPDATE begini_event SET received_at = ? WHERE id = ?",
                OffsetDateTime.now(ZoneOffset.UTC).minusHours(1), eventId);
        WorkerQueues queues = context.getRegistry().lookupByNameAndType("workerQueues", WorkerQueues.class);
        assertThat(queues.reserve(eventId, Dispatcher.ROUTING)).isTrue();

        Awaitility.await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(6))
                .until(() -> "received".equals(status(eventId)));
        queues.release(eventId, Dispatcher.ROUTING);

        Awaitility.await().atMost(Duration.ofSeconds(8)).until(() -> "routed".equals(status(eventId)));
    }

    private String status(UUID eventId) throws Exception {
        return (String) Rows.query(database(), "SELECT status FROM begini_event WHERE id = ?", eventId).get(0)
                .get("status");
    }
}
