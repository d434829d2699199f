package beginibridge.dispatch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import com.github.tomakehurst.wiremock.client.WireMock;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The poller does not queue again a delivery already waiting in this instance's worker queue: no wasted claim. */
class QueuedDeliveryTest extends WorkerQueuesTestSupport {

    @Test
    void should_not_queue_again_a_delivery_waiting_in_its_queue() throws Exception {
        crm.stubFor(WireMock.post(urlEqualTo("/crm/events")).willReturn(aResponse().withStatus(200)
                .withFixedDelay(1000)));
        crmBacklog(6);
        // two in the workers' hands, four waiting in the queue
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> workerQueues().queued("crm") == 4);

        assertThat(context.getRegistry().lookupByNameAndType("dispatcher", Dispatcher.class).due())
                .as("due deliveries found by a poll while the CRM workers are busy").isEmpty();
    }
}
