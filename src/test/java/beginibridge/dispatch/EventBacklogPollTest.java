package beginibridge.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import beginibridge.support.DispatchTestSupport;
import beginibridge.support.Rows;
import beginibridge.support.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * Received events the in-memory hand-off lost (a crash, a restart, a full queue) are routed batch after batch while
 * full batches come back, not a batch per poll; one still waiting in the routing queue is left to it.
 */
class EventBacklogPollTest extends DispatchTestSupport {

    /** An hour: within a test, the poller polls only when {@link #pollOnce()} says. */
    private static final String POLL_INTERVAL = "1h";

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.h2();
    }

    @Override
    protected Map<String, String> moreSettings() {
        return Map.of("dispatch.poll-interval", POLL_INTERVAL, "delivery.batch-size", "10");
    }

    @Test
    void should_route_a_backlog_of_events_in_one_poll() throws Exception {
        for (int i = 0; i < 100; i++) {
            String uid = "APP-LEFT-" + i;
            storeEvent(webhook(uid, "application.complete", "{\"application_completed_at\":1795000900}"), uid,
                    "application.complete", "routed");
        }
        Rows.execute(database(), "UPDATE begini_event SET status = 'received', received_at = ? WHERE uid LIKE ?",
                leftBehind(), "APP-LEFT-%");

        pollOnce();

        // the next poll is an hour away: what is routed by now, one poll routed (a batch of 10 per poll: 10 polls)
        eventually().until(() -> received().isEmpty());
    }

    @Test
    void should_leave_an_event_waiting_in_the_routing_queue_to_that_queue() throws Exception {
        UUID queued = storeReceived("APP-QUEUED");
        UUID other = storeReceived("APP-NOT-QUEUED");
        WorkerQueues queues = context.getRegistry().lookupByNameAndType("workerQueues", WorkerQueues.class);
        assertThat(queues.reserve(queued, Dispatcher.ROUTING)).isTrue();

        pollOnce();

        // the poll has been, since it routed the other event it found with this one
        eventually().until(() -> "routed".equals(status(other)));
        assertThat(status(queued)).as("the event waiting in the routing queue, after a poll").isEqualTo("received");
        queues.release(queued, Dispatcher.ROUTING);

        pollOnce();

        eventually().until(() -> "routed".equals(status(queued)));
    }

    /**
     * One poll of received events: the poller's route started again, whose timer fires once a second after its
     * start, then only after the poll interval.
     */
    private void pollOnce() throws Exception {
        context.getRouteController().stopRoute("poll-received-events");
        context.getRouteController().startRoute("poll-received-events");
    }

    /** Received before the poll interval: what the poller takes (younger ones are left to the hand-off). */
    private static OffsetDateTime leftBehind() {
        return OffsetDateTime.now(ZoneOffset.UTC).minusHours(2);
    }

    private UUID storeReceived(String uid) throws Exception {
        UUID id = storeEvent(webhook(uid, "application.complete", "{\"application_completed_at\":1795000900}"), uid,
                "application.complete", "received");
        Rows.execute(database(), "UPDATE begini_event SET received_at = ? WHERE id = ?", leftBehind(), id);
        return id;
    }

    private java.util.List<Map<String, Object>> received() throws Exception {
        return Rows.query(database(), "SELECT id FROM begini_event WHERE status = 'received'");
    }

    private String status(UUID eventId) throws Exception {
        return (String) Rows.query(database(), "SELECT status FROM begini_event WHERE id = ?", eventId).get(0)
                .get("status");
    }
}
