package beginibridge.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import beginibridge.support.BridgeTestSupport;
import beginibridge.support.Deliveries;
import beginibridge.support.Rows;
import beginibridge.support.TestKeys;
import org.apache.camel.component.seda.SedaEndpoint;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;

/**
 * The bridge as shipped (application.properties of the quick start: no crm.url, no smtp.host), given only an API key
 * and a retention run often enough for a test: an event is written to the database tables, its CRM and email
 * deliveries are recorded as skipped, and its payload is purged once older than retention.days, skipped deliveries
 * counting as delivered.
 */
abstract class DefaultSettingsContract extends BridgeTestSupport {

    private static final String INTEGRATION = "00000000000000000001";
    private static final Pattern EVENT_ID = Pattern.compile("\"event_id\":\"([0-9a-f-]{36})\"");

    private final String apiKey = TestKeys.random();

    @Override
    protected Map<String, String> settings() {
        // retention.interval: the purge runs every 200 ms instead of every hour
        return Map.of("begini.api-keys", INTEGRATION + "=" + apiKey, "retention.interval", "200");
    }

    @Test
    void should_write_the_database_skip_the_crm_and_email_and_purge_on_time() throws Exception {
        assertThat(setting("crm.url")).as("crm.url as shipped").isEmpty();
        assertThat(setting("smtp.host")).as("smtp.host as shipped").isEmpty();
        int retentionDays = Integer.parseInt(setting("retention.days"));
        assertThat(retentionDays).as("retention.days as shipped").isPositive();

        String old = accept("APP-DEFAULT-old");
        String young = accept("APP-DEFAULT-young");

        for (String eventId : List.of(old, young)) {
            List<Deliveries.Row> deliveries = eventually().until(() -> Deliveries.ofEvent(database(), eventId),
                    rows -> rows.size() == 3 && rows.stream().noneMatch(row -> row.status().equals("pending")));
            assertThat(deliveries).extracting(Deliveries.Row::destination, Deliveries.Row::status,
                    Deliveries.Row::attempts).containsExactly(tuple("crm", "skipped", 0),
                    tuple("database", "done", 1), tuple("email", "skipped", 0));
            assertThat(Deliveries.eventStatus(database(), eventId)).isEqualTo("routed");
        }
        assertThat(Rows.application(database(), "APP-DEFAULT-old")).containsEntry("journey_status", "expired");
        assertThat(payloadPurgedAt(old)).as("a fresh event's payload").isNull();

        // an hour either side of retention.days: the purge that empties the older payload looks at both
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        Rows.execute(database(), "UPDATE begini_event SET received_at = ? WHERE id = ?",
                now.minusDays(retentionDays).minusHours(1), UUID.fromString(old));
        Rows.execute(database(), "UPDATE begini_event SET received_at = ? WHERE id = ?",
                now.minusDays(retentionDays).plusHours(1), UUID.fromString(young));

        eventually().until(() -> payloadPurgedAt(old) != null);
        assertThat((byte[]) event(old).get("payload")).isEmpty();
        assertThat(payloadPurgedAt(young)).as("younger than retention.days").isNull();
        assertThat((byte[]) event(young).get("payload")).isNotEmpty();
    }

    /**
     * A stop (SIGTERM) waits, queue after queue, for each worker queue's idle consumers to wake from their poll and
     * see it: with Camel's default poll of 1000 ms an idle bridge took 3 to 5 s to stop.
     */
    @Test
    void should_have_every_queue_consumer_look_for_a_stop_at_least_every_100_ms() {
        List<SedaEndpoint> consumed = context.getEndpoints().stream()
                .filter(SedaEndpoint.class::isInstance).map(SedaEndpoint.class::cast)
                .filter(queue -> !queue.getConsumers().isEmpty())
                .toList();

        assertThat(consumed).extracting(SedaEndpoint::getEndpointBaseUri)
                .as("the routing queue and the database workers' queue, with consumers")
                .contains("seda://route-event", "seda://deliver-database");
        assertThat(consumed).allSatisfy(queue -> assertThat(queue.getPollTimeout()).as(queue.getEndpointBaseUri())
                .isPositive().isLessThanOrEqualTo(100));
    }

    /** A setting as the running application resolved it; empty when unset. */
    private String setting(String name) {
        return context.resolvePropertyPlaceholders("{{" + name + ":}}");
    }

    /** Posts an ended journey (routed to the database, the CRM and email) and returns its event id. */
    private String accept(String uid) throws Exception {
        byte[] body = ("{\"uid\":\"" + uid + "\",\"integration_id\":\"" + INTEGRATION + "\",\"event\":{\"type\":"
                + "\"application.expired\",\"details\":{\"application_started_at\":1795000000,"
                + "\"application_expired_at\":1795000900,\"percentage_completed\":\"0.5\"}}}")
                .getBytes(StandardCharsets.UTF_8);
        var answer = postSigned(body, apiKey);
        Matcher id = EVENT_ID.matcher(answer.body());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(id.find()).as(answer.body()).isTrue();
        return id.group(1);
    }

    private Object payloadPurgedAt(String eventId) throws Exception {
        return event(eventId).get("payload_purged_at");
    }

    private Map<String, Object> event(String eventId) throws Exception {
        return Rows.query(database(), "SELECT payload, payload_purged_at FROM begini_event WHERE id = ?",
                UUID.fromString(eventId)).get(0);
    }

    private static ConditionFactory eventually() {
        return Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100));
    }
}
