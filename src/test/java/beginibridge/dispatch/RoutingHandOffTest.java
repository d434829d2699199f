package beginibridge.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import beginibridge.event.ReceivedEvent;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.seda.SedaEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The routing thread's batch: the event it woke for, with those queued behind it up to the batch size, the rest left
 * for the next; alone when nothing is queued behind it (no waiting for more).
 */
class RoutingHandOffTest {

    private final CamelContext context = new DefaultCamelContext();
    private final SedaEndpoint queue = context.getEndpoint("seda:route-event", SedaEndpoint.class);
    private final Dispatcher dispatcher = new Dispatcher(null, null, "2m", null, null, new WorkerQueues(10));

    @AfterEach
    void close() throws Exception {
        context.close();
    }

    @Test
    void should_take_the_events_queued_behind_the_first_up_to_the_batch_size() {
        ReceivedEvent woke = event();
        List<ReceivedEvent> behind = List.of(event(), event(), event());
        behind.forEach(queued -> queue.getQueue().add(exchange(queued)));

        Exchange taken = exchange(woke);
        dispatcher.takeQueued(taken, 3);

        assertThat(taken.getMessage().getBody(List.class)).containsExactly(woke, behind.get(0), behind.get(1));
        assertThat(queue.getQueue()).as("left for the next batch").singleElement()
                .satisfies(left -> assertThat(left.getMessage().getBody()).isEqualTo(behind.get(2)));
    }

    @Test
    void should_route_a_lone_event_alone_at_once() {
        Exchange taken = exchange(event());

        dispatcher.takeQueued(taken, 50);

        assertThat(taken.getMessage().getBody(List.class)).hasSize(1);
    }

    private Exchange exchange(ReceivedEvent event) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getExchangeExtension().setFromEndpoint(queue);
        exchange.getMessage().setBody(event);
        return exchange;
    }

    private static ReceivedEvent event() {
        return new ReceivedEvent(UUID.randomUUID(), "00000000000000000001", "APP-1", "application.complete",
                Instant.now(), new byte[0]);
    }
}
