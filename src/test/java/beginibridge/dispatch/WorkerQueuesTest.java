package beginibridge.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import org.junit.jupiter.api.Test;

/** The worker queues' bookkeeping on its own: a place per delivery, each destination's queue apart. */
class WorkerQueuesTest {

    final WorkerQueues queues = new WorkerQueues(2);
    final UUID first = UUID.randomUUID();
    final UUID second = UUID.randomUUID();
    final UUID third = UUID.randomUUID();

    @Test
    void should_reserve_up_to_the_capacity_of_each_destination() {
        assertThat(queues.reserve(first, "crm")).isTrue();
        assertThat(queues.reserve(second, "crm")).isTrue();
        assertThat(queues.reserve(third, "crm")).as("full").isFalse();
        assertThat(queues.reserve(third, "email")).as("another destination's queue").isTrue();

        assertThat(queues.queued("crm")).isEqualTo(2);
        assertThat(queues.room("crm")).isZero();
        assertThat(queues.queued("email")).isEqualTo(1);
        assertThat(queues.room("email")).isEqualTo(1);
        assertThat(queues.isQueued(third, "crm")).as("refused, so not queued").isFalse();
        assertThat(queues.isQueued(third, "email")).isTrue();
    }

    @Test
    void should_not_queue_a_delivery_twice_nor_count_the_refusal() {
        assertThat(queues.reserve(first, "crm")).isTrue();

        assertThat(queues.reserve(first, "crm")).isFalse();
        assertThat(queues.queued("crm")).isEqualTo(1);
        assertThat(queues.room("crm")).isEqualTo(1);
    }

    @Test
    void should_free_the_place_of_a_released_delivery_once() {
        queues.reserve(first, "crm");
        queues.reserve(second, "crm");

        queues.release(first, "crm");
        queues.release(first, "crm");
        queues.release(third, "crm");

        assertThat(queues.isQueued(first, "crm")).isFalse();
        assertThat(queues.isQueued(second, "crm")).isTrue();
        assertThat(queues.queued("crm")).isEqualTo(1);
        assertThat(queues.reserve(first, "crm")).as("queued again after its release").isTrue();
        assertThat(queues.queued("unknown")).isZero();
        assertThat(queues.room("unknown")).isEqualTo(2);
    }

    @Test
    void should_take_a_queue_of_one_and_refuse_none() {
        WorkerQueues single = new WorkerQueues(1);

        assertThat(single.reserve(first, "crm")).isTrue();
        assertThat(single.reserve(second, "crm")).isFalse();
        assertThatThrownBy(() -> new WorkerQueues(0)).hasMessage("delivery.queue-size must be at least 1, not 0");
    }
}
