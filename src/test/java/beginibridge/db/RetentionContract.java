package beginibridge.db;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import beginibridge.support.Deliveries;
import beginibridge.support.DispatchTestSupport;
import beginibridge.support.Rows;
import com.github.tomakehurst.wiremock.client.WireMock;
import org.junit.jupiter.api.Test;

/**
 * Payloads of fully delivered events older than retention.days are purged, those of events that ended otherwise
 * (quarantined, unrouted, dead, unmatched) once older than retention.failed-days; everything else stays.
 */
abstract class RetentionContract extends DispatchTestSupport {

    @Override
    protected Map<String, String> moreSettings() {
        return Map.of("retention.days", "30", "retention.failed-days", "60", "retention.interval", "200");
    }

    @Test
    void should_purge_only_old_fully_delivered_payloads_and_keep_their_dedup_and_results() throws Exception {
        crm.stubFor(WireMock.post(urlEqualTo("/crm/events")).willReturn(aResponse().withStatus(200)));
        addApplicant("APP-RET-old", "CUST-RET", "Retention", "CRM-RET", null);
        byte[] oldBody = webhook("APP-RET-old", "application.complete", "{\"application_completed_at\":1}");
        String old = deliver(oldBody);
        String pendingOld = deliver(webhook("APP-RET-pending", "application.complete", "{}"));
        String recent = deliver(webhook("APP-RET-new", "application.complete", "{}"));
        settled(old);
        settled(recent);
        OffsetDateTime longAgo = OffsetDateTime.now(ZoneOffset.UTC).minusDays(40);
        Rows.execute(database(), "UPDATE begini_event SET received_at = ? WHERE id IN (?, ?)", longAgo,
                UUID.fromString(old), UUID.fromString(pendingOld));
        Rows.execute(database(), "UPDATE begini_delivery SET status = 'pending', next_attempt_at = ?"
                + " WHERE event_id = ? AND destination = 'crm'", longAgo.plusYears(1), UUID.fromString(pendingOld));

        eventually().until(() -> event(old).get("payload_purged_at") != null);

        assertThat((byte[]) event(old).get("payload")).isEmpty();
        assertThat(event(old)).containsEntry("uid", "APP-RET-old").containsEntry("status", "routed");
        assertThat(Rows.application(database(), "APP-RET-old")).containsEntry("journey_status", "completed");
        assertThat(event(pendingOld).get("payload_purged_at")).as("not fully delivered").isNull();
        assertThat(event(recent).get("payload_purged_at")).as("not old enough").isNull();
        assertThat(postSigned(oldBody, apiKey).body()).as("a late redelivery is still a duplicate")
                .isEqualTo("{\"status\":\"duplicate\",\"event_id\":\"" + old + "\"}");
    }

    @Test
    void should_purge_old_quarantined_unrouted_unmatched_and_dead_payloads_after_the_failed_age() throws Exception {
        crm.stubFor(WireMock.post(urlEqualTo("/crm/events")).atPriority(1).withRequestBody(containing("CRM-RET-DEAD"))
                .willReturn(aResponse().withStatus(400)));
        addApplicant("APP-RET-dead", "CUST-RET-DEAD", "Dead Letter", "CRM-RET-DEAD", null);
        byte[] quarantinedBody = ("{\"integration_id\":\"" + INTEGRATION + "\",\"event\":{\"type\":\"x\","
                + "\"details\":{\"marker\":\"APP-RET-quarantined\"}}}").getBytes(StandardCharsets.UTF_8);
        assertThat(postSigned(quarantinedBody, apiKey).statusCode()).isEqualTo(400);
        String quarantined = Rows.query(database(), "SELECT id FROM begini_event WHERE status = 'quarantined'")
                .get(0).get("id").toString();
        String unrouted = deliver(webhook("APP-RET-unrouted", "application.archived", "{}"));
        String unmatched = deliver(webhook("APP-RET-unmatched", "application.complete", "{}"));
        byte[] deadBody = webhook("APP-RET-dead", "application.complete", "{}");
        String dead = deliver(deadBody);
        String unroutedYoung = deliver(webhook("APP-RET-unrouted-young", "application.archived", "{}"));
        eventually().until(() -> event(unrouted).get("status").equals("unrouted")
                && event(unroutedYoung).get("status").equals("unrouted"));
        assertThat(settled(unmatched)).extracting(Deliveries.Row::status).contains("unmatched");
        assertThat(settled(dead)).extracting(Deliveries.Row::status).contains("dead");
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        Rows.execute(database(), "UPDATE begini_event SET received_at = ? WHERE id IN (?, ?, ?, ?)", now.minusDays(70),
                UUID.fromString(quarantined), UUID.fromString(unrouted), UUID.fromString(unmatched),
                UUID.fromString(dead));
        Rows.execute(database(), "UPDATE begini_event SET received_at = ? WHERE id = ?", now.minusDays(45),
                UUID.fromString(unroutedYoung));

        for (String id : List.of(quarantined, unrouted, unmatched, dead)) {
            eventually().until(() -> event(id).get("payload_purged_at") != null);
            assertThat((byte[]) event(id).get("payload")).isEmpty();
        }
        assertThat(event(unroutedYoung).get("payload_purged_at")).as("older than retention.days only").isNull();
        assertThat(event(dead)).containsEntry("uid", "APP-RET-dead").containsEntry("status", "routed");
        assertThat(postSigned(deadBody, apiKey).body()).as("a late redelivery is still a duplicate")
                .isEqualTo("{\"status\":\"duplicate\",\"event_id\":\"" + dead + "\"}");
    }

    private Map<String, Object> event(String id) throws Exception {
        return Rows.query(database(), "SELECT uid, status, payload, payload_purged_at FROM begini_event WHERE id = ?",
                UUID.fromString(id)).get(0);
    }
}
