package beginibridge.enrichment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import beginibridge.delivery.DeliveryExchange;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The record found for an event, shared by the event's destinations for a few seconds: recalled for the same event,
 * uid and integration only, absent records too, waited for while another destination is looking it up, and looked up
 * afresh once the moment has passed.
 */
class InternalRecordTest {

    private final DefaultCamelContext camel = new DefaultCamelContext();
    private final AtomicLong nanos = new AtomicLong();
    private final InternalRecord records = new InternalRecord(nanos::get, Duration.ofSeconds(5));

    @AfterEach
    void close() throws Exception {
        camel.close();
    }

    @Test
    void should_recall_what_another_destination_of_the_event_found() throws Exception {
        Exchange crm = lookedUp("event-1", "APP-1", Map.of("CRM_ID", "CRM-1"));
        assertThat(crm.getProperty(DeliveryExchange.APPLICANT)).isEqualTo(Map.of("crm_id", "CRM-1"));

        nanos.addAndGet(InternalRecord.KEPT.toNanos() - 1);
        Exchange email = delivery("event-1", "APP-1", "email");
        records.recall(email);

        assertThat(email.getProperty(InternalRecord.RECALLED, Boolean.class)).isTrue();
        assertThat(email.getProperty(DeliveryExchange.APPLICANT)).isEqualTo(Map.of("crm_id", "CRM-1"));
    }

    @Test
    void should_recall_that_no_record_matched() throws Exception {
        lookedUp("event-2", "APP-2", null);

        Exchange email = delivery("event-2", "APP-2", "email");
        email.setProperty(DeliveryExchange.APPLICANT, Map.of("stale", "value"));
        records.recall(email);

        assertThat(email.getProperty(InternalRecord.RECALLED, Boolean.class)).isTrue();
        assertThat(email.getProperty(DeliveryExchange.APPLICANT)).isNull();
    }

    @Test
    void should_look_up_afresh_for_another_event_or_once_the_moment_passed() throws Exception {
        lookedUp("event-3", "APP-3", Map.of("CRM_ID", "CRM-3"));

        Exchange other = delivery("event-4", "APP-3", "email");
        records.recall(other);
        assertThat(other.getProperty(InternalRecord.RECALLED, Boolean.class)).isFalse();
        assertThat(other.getProperty(DeliveryExchange.APPLICANT)).isNull();

        nanos.addAndGet(InternalRecord.KEPT.toNanos());
        Exchange late = delivery("event-3", "APP-3", "email");
        records.recall(late);
        assertThat(late.getProperty(InternalRecord.RECALLED, Boolean.class)).isFalse();
    }

    /** An unmatched CRM delivery replayed once the record exists must find it, however soon that is. */
    @Test
    void should_look_up_afresh_for_the_destination_that_looked_it_up() throws Exception {
        lookedUp("event-6", "APP-6", null);

        Exchange replay = delivery("event-6", "APP-6", "crm");
        records.recall(replay);

        assertThat(replay.getProperty(InternalRecord.RECALLED, Boolean.class)).isFalse();
    }

    @Test
    void should_hand_each_destination_a_copy_of_its_own() throws Exception {
        lookedUp("event-5", "APP-5", Map.of("CRM_ID", "CRM-5"));
        Exchange first = delivery("event-5", "APP-5", "email");
        records.recall(first);
        @SuppressWarnings("unchecked")
        Map<String, Object> applicant = first.getProperty(DeliveryExchange.APPLICANT, Map.class);
        applicant.put("crm_id", "changed by a route");

        Exchange second = delivery("event-5", "APP-5", "email");
        records.recall(second);
        assertThat(second.getProperty(DeliveryExchange.APPLICANT)).isEqualTo(Map.of("crm_id", "CRM-5"));
    }

    /** CRM and email start together: the second waits for the first's lookup rather than query as well. */
    @Test
    void should_wait_for_the_lookup_another_destination_of_the_event_is_making() throws Exception {
        Exchange crm = delivery("event-7", "APP-7", "crm");
        records.recall(crm);
        assertThat(crm.getProperty(InternalRecord.RECALLED, Boolean.class)).isFalse();

        Exchange email = delivery("event-7", "APP-7", "email");
        CompletableFuture<Void> recalled = CompletableFuture.runAsync(() -> {
            try {
                records.recall(email);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        assertThat(recalled).as("waiting for the CRM's lookup").isNotDone();
        records.lookupParameters(crm);
        crm.getMessage().setHeader("applicant", Map.of("CRM_ID", "CRM-7"));
        records.adopt(crm);

        recalled.get(5, TimeUnit.SECONDS);
        assertThat(email.getProperty(InternalRecord.RECALLED, Boolean.class)).isTrue();
        assertThat(email.getProperty(DeliveryExchange.APPLICANT)).isEqualTo(Map.of("crm_id", "CRM-7"));
    }

    /** A lookup that never answers (its query failed) holds the other destination up for the wait at most. */
    @Test
    void should_look_up_itself_when_the_other_lookup_gives_no_answer_in_time() throws Exception {
        InternalRecord briefly = new InternalRecord(nanos::get, Duration.ofMillis(300));
        Exchange crm = delivery("event-8", "APP-8", "crm");
        briefly.recall(crm);

        Exchange email = delivery("event-8", "APP-8", "email");
        long started = System.nanoTime();
        briefly.recall(email);

        assertThat(email.getProperty(InternalRecord.RECALLED, Boolean.class)).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    /** Looked up by the event's CRM delivery. */
    private Exchange lookedUp(String eventId, String uid, Map<String, Object> row) throws InterruptedException {
        Exchange exchange = delivery(eventId, uid, "crm");
        records.recall(exchange);
        assertThat(exchange.getProperty(InternalRecord.RECALLED, Boolean.class)).isFalse();
        records.lookupParameters(exchange);
        if (row != null) {
            exchange.getMessage().setHeader("applicant", row);
        }
        records.adopt(exchange);
        return exchange;
    }

    private Exchange delivery(String eventId, String uid, String destination) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(DeliveryExchange.DESTINATION, destination);
        exchange.setProperty(DeliveryExchange.EVENT_ID, eventId);
        exchange.setProperty(DeliveryExchange.UID, uid);
        exchange.setProperty(DeliveryExchange.INTEGRATION_ID, "00000000000000000001");
        exchange.getMessage().setBody(Map.of("event", "body"));
        return exchange;
    }
}
