package beginibridge.enrichment;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import beginibridge.support.Deliveries;
import beginibridge.support.DispatchTestSupport;
import beginibridge.support.TestDatabase;
import com.github.tomakehurst.wiremock.client.WireMock;
import org.junit.jupiter.api.Test;

/** enrich.sql's parameters come from the stored event's ids, never from fields the webhook adds. */
class EnrichmentParametersTest extends DispatchTestSupport {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.h2();
    }

    @Override
    protected Map<String, String> moreSettings() {
        return Map.of("enrich.sql", "SELECT internal_id, crm_id FROM applicant WHERE uid = :#uid AND internal_id ="
                + " CONCAT('CUST-', :#integrationId)");
    }

    @Test
    void should_bind_the_event_ids_even_when_the_webhook_carries_fields_of_the_same_name() throws Exception {
        crm.stubFor(WireMock.post(urlEqualTo("/crm/events")).willReturn(aResponse().withStatus(200)));
        addApplicant("APP-PARAM", "CUST-" + INTEGRATION, "Param Test", "CRM-PARAM", null);
        addApplicant("APP-OTHER", "CUST-99999999999999999999", "Other", "CRM-OTHER", null);
        byte[] body = ("{\"uid\":\"APP-PARAM\",\"integration_id\":\"" + INTEGRATION + "\","
                + "\"integrationId\":\"99999999999999999999\",\"event\":{\"type\":\"application.complete\","
                + "\"details\":{}}}").getBytes(StandardCharsets.UTF_8);

        String eventId = deliver(body);

        assertThat(settled(eventId)).filteredOn(row -> row.destination().equals("crm"))
                .extracting(Deliveries.Row::status).containsExactly("done");
        assertThat(crm.getAllServeEvents()).singleElement()
                .satisfies(event -> assertThat(event.getRequest().getBodyAsString()).contains("CRM-PARAM"));
    }
}
