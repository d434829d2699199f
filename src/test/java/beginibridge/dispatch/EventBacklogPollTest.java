package beginibridge.dispatch;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

import beginibridge.support.DispatchTestSupport;
import beginibridge.support.Rows;
import beginibridge.support.TestDatabase;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Received events the in-memory hand-off lost (a crash, a restart, a full queue) are routed batch after batch while
 * full batches come back, not a batch per poll.
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
}
