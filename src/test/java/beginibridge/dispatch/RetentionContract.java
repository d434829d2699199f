package beginibridge.dispatch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import beginibridge.support.DispatchTestSupport;
import beginibridge.support.Rows;
import com.github.tomakehurst.wiremock.client.WireMock;
import org.junit.jupiter.api.Test;

/** Payloads of fully delivered events older than retention.days are purged; everything else stays. */
abstract class RetentionContract extends DispatchTestSupport {

    @Override
    protected Map<String, String> moreSettings() {
        return Map.of("retention.days", "30", "retention.interval", "200");
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

    private Map<String, Object> event(String id) throws Exception {
        return Rows.query(database(), "SELECT uid, status, payload, payload_purged_at FROM begini_event WHERE id = ?",
                UUID.fromString(id)).get(0);
    }
}
