package beginibridge.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import org.junit.jupiter.api.Test;

/** delivery.queue-size: a queue holds at least one delivery; one with no place would take no hand-off at all. */
class WorkerQueuesCapacityTest {

    @Test
    void should_refuse_a_queue_without_a_place() {
        assertThatThrownBy(() -> new WorkerQueues(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("delivery.queue-size must be at least 1, not 0");
        assertThatThrownBy(() -> new WorkerQueues(-5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("delivery.queue-size must be at least 1, not -5");
    }

    @Test
    void should_hold_one_delivery_in_a_queue_of_one() {
        WorkerQueues queues = new WorkerQueues(1);
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();

        assertThat(queues.reserve(first, "crm")).isTrue();
        assertThat(queues.reserve(second, "crm")).as("the queue is full").isFalse();
        assertThat(queues.room("crm")).isZero();
        queues.release(first, "crm");
        assertThat(queues.reserve(second, "crm")).as("room again").isTrue();
    }
}
