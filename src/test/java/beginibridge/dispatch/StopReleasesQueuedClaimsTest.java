package beginibridge.dispatch;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import beginibridge.support.Rows;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A stop finishes the attempts under way and attempts nothing more: the claimed deliveries still waiting in a worker
 * queue are released at once, free for the next poll, instead of being performed one after another until the stop
 * times out and then left claimed until their lease runs out.
 */
class StopReleasesQueuedClaimsTest extends WorkerQueuesTestSupport {

    private static final int BACKLOG = 12;
    private static final int WORKERS = 2;

    @Test
    void should_finish_the_attempts_under_way_and_release_the_claims_still_queued() throws Exception {
        // a CRM slower than a stop's start, quicker than crm.response-timeout-ms (1500 ms here)
        busyCrmWorkers(BACKLOG, 1_000);
        Awaitility.await("the two attempts under way have reached the CRM").atMost(Duration.ofSeconds(5))
                .until(() -> requested() == WORKERS);

        WorkerQueues queues = workerQueues();
        context.stop();

        assertThat(requested()).as("only the attempts under way were made").isEqualTo(WORKERS);
        List<Map<String, Object>> rows = Rows.query(database(),
                "SELECT status, lease_token, attempts FROM begini_delivery");
        assertThat(rows.stream().filter(row -> "done".equals(row.get("status")))).as("under way, finished")
                .hasSize(WORKERS);
        assertThat(rows.stream().filter(row -> "pending".equals(row.get("status"))))
                .as("queued: released, no attempt counted").hasSize(BACKLOG - WORKERS)
                .allSatisfy(row -> {
                    assertThat(row.get("lease_token")).isNull();
                    assertThat(((Number) row.get("attempts")).intValue()).isZero();
                });
        assertThat(queues.queued("crm")).isZero();
        assertThat(logs.lines()).anyMatch(line -> line.contains("Stopping: " + (BACKLOG - WORKERS)
                + " claimed crm deliveries not attempted, released for the next poll"));
    }

    private int requested() {
        return crm.findAll(postRequestedFor(urlEqualTo("/crm/events"))).size();
    }
}
