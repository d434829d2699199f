package beginibridge.dispatch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

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
        assertThat(shown).contains("\"payload\":" + new com.fasterxml.jackson.databind.ObjectMapper()
                .writeValueAsString(new String(body, StandardCharsets.UTF_8)));
        assertThat(postSigned(body, apiKey).body()).as("deduplication works on the clear bytes")
                .isEqualTo("{\"status\":\"duplicate\",\"event_id\":\"" + eventId + "\"}");
    }
}
