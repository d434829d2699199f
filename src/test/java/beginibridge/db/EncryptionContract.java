package beginibridge.db;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import beginibridge.support.DispatchTestSupport;
import beginibridge.support.Rows;
import beginibridge.support.TestKeys;
import com.github.tomakehurst.wiremock.client.WireMock;
import org.junit.jupiter.api.Test;

/** With payload.encryption-keys set, the inbox holds ciphertext, and delivery and the admin API still read it. */
abstract class EncryptionContract extends DispatchTestSupport {

    final String adminToken = TestKeys.random();

    @Override
    protected Map<String, String> moreSettings() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Map.of("payload.encryption-keys", "2026-11=" + Base64.getEncoder().encodeToString(key),
                "admin.token", adminToken);
    }

    @Test
    void should_store_payloads_encrypted_and_still_deliver_and_show_them() throws Exception {
        crm.stubFor(WireMock.post(urlEqualTo("/crm/events")).willReturn(aResponse().withStatus(200)));
        addApplicant("APP-ENC", "CUST-ENC", "Encrypted", "CRM-ENC", null);
        byte[] body = webhook("APP-ENC", "application.expired", "{\"percentage_completed\":\"0.5\"}");

        String eventId = deliver(body);
        settled(eventId);

        Map<String, Object> row = Rows.query(database(), "SELECT payload, payload_key_id FROM begini_event"
                + " WHERE id = ?", UUID.fromString(eventId)).get(0);
        assertThat(row).containsEntry("payload_key_id", "2026-11");
        assertThat(new String((byte[]) row.get("payload"), StandardCharsets.ISO_8859_1))
                .doesNotContain("APP-ENC").doesNotContain("application.expired");
        crm.verify(1, postRequestedFor(urlEqualTo("/crm/events"))
                .withRequestBody(matchingJsonPath("$.percentage_completed", equalTo("0.5"))));
        assertThat(smtp.getReceivedMessages()).hasSize(1);
        String shown = management("GET", "/admin/events/" + eventId + "?payload=true",
                Map.of("Authorization", "Bearer " + adminToken)).body();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertThat(json.readTree(shown).get("payload")).isEqualTo(json.readTree(body));
        assertThat(postSigned(body, apiKey).body()).as("deduplication works on the clear bytes")
                .isEqualTo("{\"status\":\"duplicate\",\"event_id\":\"" + eventId + "\"}");
    }

    @Test
    void should_not_open_a_payload_moved_with_its_hash_to_another_row_nor_a_row_without_key_id() throws Exception {
        String victim = deliver(webhook("APP-ENC-victim", "application.archived", "{}"));
        String target = deliver(webhook("APP-ENC-target", "application.archived", "{}"));
        Map<String, Object> moved = Rows.query(database(), "SELECT payload, payload_sha256, payload_key_id"
                + " FROM begini_event WHERE id = ?", UUID.fromString(victim)).get(0);
        Rows.execute(database(), "UPDATE begini_event SET payload_sha256 = ? WHERE id = ?", "0".repeat(64),
                UUID.fromString(victim));
        Rows.execute(database(), "UPDATE begini_event SET payload = ?, payload_sha256 = ?, payload_key_id = ?"
                + " WHERE id = ?", moved.get("payload"), moved.get("payload_sha256"), moved.get("payload_key_id"),
                UUID.fromString(target));

        HttpResponse<String> movedShown = showWithPayload(target);

        assertThat(movedShown.statusCode()).isNotEqualTo(200);
        assertThat(movedShown.body()).doesNotContain("APP-ENC-victim");

        String unkeyed = deliver(webhook("APP-ENC-unkeyed", "application.archived", "{}"));
        Rows.execute(database(), "UPDATE begini_event SET payload = ?, payload_key_id = NULL WHERE id = ?",
                webhook("APP-ENC-planted", "application.archived", "{}"), UUID.fromString(unkeyed));

        HttpResponse<String> unkeyedShown = showWithPayload(unkeyed);

        assertThat(unkeyedShown.statusCode()).isNotEqualTo(200);
        assertThat(unkeyedShown.body()).doesNotContain("APP-ENC-planted");
    }

    private HttpResponse<String> showWithPayload(String eventId) throws Exception {
        return management("GET", "/admin/events/" + eventId + "?payload=true",
                Map.of("Authorization", "Bearer " + adminToken));
    }
}
