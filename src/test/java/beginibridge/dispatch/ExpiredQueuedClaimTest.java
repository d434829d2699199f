package beginibridge.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import beginibridge.support.Rows;
import org.junit.jupiter.api.Test;

/**
 * A poll claims the due deliveries it finds; one whose claim ran out while it waited in this instance's queue is
 * released again at once rather than queued twice, so that the worker that takes it from the queue claims it anew.
 */
class ExpiredQueuedClaimTest extends WorkerQueuesTestSupport {

    @Test
    void should_release_again_a_delivery_whose_claim_ran_out_while_it_waited_in_its_queue() throws Exception {
        busyCrmWorkers(6, 10_000);
        context.getRouteController().stopRoute("poll-due-deliveries");
        List<UUID> waiting = new ArrayList<>();
        for (Map<String, Object> row : Rows.query(database(), "SELECT id FROM begini_delivery")) {
            UUID id = (UUID) row.get("id");
            if (workerQueues().isQueued(id, "crm")) {
                waiting.add(id);
            }
        }
        assertThat(waiting).hasSize(4);
        // every claim runs out: those in the workers' hands and those still waiting in the queue
        Rows.execute(database(), "UPDATE begini_delivery SET lease_until = ?",
                OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1));

        List<DeliveryRef> due = context.getRegistry().lookupByNameAndType("dispatcher", Dispatcher.class).due();

        assertThat(due).as("the two in the workers' hands, claimed anew as any whose claim ran out").hasSize(2)
                .allSatisfy(ref -> assertThat(waiting).doesNotContain(ref.getId()));
        for (UUID id : waiting) {
            assertThat(Rows.query(database(), "SELECT lease_token FROM begini_delivery WHERE id = ?", id).get(0)
                    .get("lease_token")).as("released for the worker that will take it from the queue").isNull();
        }
    }
}
