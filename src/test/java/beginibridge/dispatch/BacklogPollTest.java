package beginibridge.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * A backlog beyond the hand-off (after a crash, a restart or a full queue) is taken as far as the worker queue has
 * room at each poll, not a batch per poll.
 */
class BacklogPollTest extends WorkerQueuesTestSupport {

    @Override
    protected Map<String, String> moreSettings() {
        Map<String, String> settings = new HashMap<>(super.moreSettings());
        settings.put("dispatch.poll-interval", "1h");
        return settings;
    }

    @Test
    void should_take_a_backlog_beyond_a_batch_as_far_as_the_queue_has_room() throws Exception {
        // polls only when the test says: the poller's timer fires first a second after the start, which could be
        // between the backlog's insert and the poll below
        context.getRouteController().stopRoute("poll-due-deliveries");
        crmBacklog(150);
        assertThat(workerQueues().queued("crm")).as("deliveries queued before the poll").isZero();

        assertThat(context.getRegistry().lookupByNameAndType("dispatcher", Dispatcher.class).due())
                .as("one poll of 150 due deliveries, batch-size 10, queue of 100").hasSize(100);
    }
}
