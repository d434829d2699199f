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

/** A CRM backlog left behind (as after a crash), for the tests of what the poller queues; queues of 100. */
abstract class WorkerQueuesTestSupport extends DispatchTestSupport {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.h2();
    }

    @Override
    protected Map<String, String> moreSettings() {
        return Map.of("delivery.batch-size", "10", "delivery.queue-size", "100", "delivery.workers", "2");
    }

    /** Routed events with a matching internal record, whose CRM deliveries all appear at once, due an hour ago. */
    protected void crmBacklog(int size) throws Exception {
        for (int i = 0; i < size; i++) {
            String uid = "APP-BACKLOG-" + i;
            addApplicant(uid, "CUST-B" + i, "Backlog", "CRM-B" + i, null);
            storeEvent(webhook(uid, "application.complete", "{\"application_completed_at\":1795000900}"), uid,
                    "application.complete", "routed");
        }
        OffsetDateTime anHourAgo = OffsetDateTime.now(ZoneOffset.UTC).minusHours(1);
        Rows.execute(database(), "INSERT INTO begini_delivery (id, event_id, destination, status, attempts,"
                + " next_attempt_at, created_at, updated_at) SELECT RANDOM_UUID(), id, 'crm', 'pending', 0, ?, ?, ?"
                + " FROM begini_event", anHourAgo, anHourAgo, anHourAgo);
    }

    /**
     * A CRM answering after {@code delayMillis} and a backlog of {@code size} that the poller has claimed: one in each
     * of the two workers' hands, the rest waiting in the queue.
     */
    protected void busyCrmWorkers(int size, int delayMillis) throws Exception {
        crm.stubFor(WireMock.post(urlEqualTo("/crm/events")).willReturn(aResponse().withStatus(200)
                .withFixedDelay(delayMillis)));
        crmBacklog(size);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> workerQueues().queued("crm") == size - 2);
    }

    protected WorkerQueues workerQueues() {
        return context.getRegistry().lookupByNameAndType("workerQueues", WorkerQueues.class);
    }
}
