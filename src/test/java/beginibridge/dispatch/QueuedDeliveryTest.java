package beginibridge.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The poller does not queue again a delivery already waiting in this instance's worker queue: no wasted claim. */
class QueuedDeliveryTest extends WorkerQueuesTestSupport {

    @Test
    void should_not_queue_again_a_delivery_waiting_in_its_queue() throws Exception {
        // two in the workers' hands, four waiting in the queue
        busyCrmWorkers(6, 1000);

        assertThat(context.getRegistry().lookupByNameAndType("dispatcher", Dispatcher.class).due())
                .as("due deliveries found by a poll while the CRM workers are busy").isEmpty();
    }
}
