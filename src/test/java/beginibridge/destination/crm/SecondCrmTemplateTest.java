package beginibridge.destination.crm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import beginibridge.support.ConfigCopy;
import beginibridge.support.EditedCopyTestSupport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * The README's switch to the second example CRM payload, templates/crm/status-nested.json.mustache: one word changed
 * in the routing table's table of event types, and the CRM receives nested objects instead of the flat status.
 */
class SecondCrmTemplateTest extends EditedCopyTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The README's edit: the status template of application.incomplete becomes the nested one. */
    @Override
    protected Path edited(Path copy) {
        ConfigCopy.edit(copy.resolve("routes/routing-table.camel.yaml"), "id: incomplete-crm-template",
                "constant: crm/status.json.mustache", "constant: crm/status-nested.json.mustache");
        return copy;
    }

    @Test
    void should_post_the_nested_payload_once_the_routing_table_names_it() throws Exception {
        crm.stubFor(post(urlEqualTo("/crm/events")).willReturn(aResponse().withStatus(200)));
        addApplicant("APP-NESTED", "CUST-NESTED", "Nina Nested", "CRM-NESTED", null);

        String eventId = deliver(event("APP-NESTED", "application.incomplete",
                "{\"percentage_completed\":\"0.866666666666667\"}", "[\"Missing data\"]"));

        settled(eventId);
        JsonNode sent = JSON.readTree(crm.getAllServeEvents().get(0).getRequest().getBodyAsString());
        assertThat(sent.at("/contact/id").asText()).isEqualTo("CRM-NESTED");
        assertThat(sent.at("/contact/external_reference").asText()).isEqualTo("CUST-NESTED");
        assertThat(sent.at("/activity/event_id").asText()).isEqualTo(eventId);
        assertThat(sent.at("/activity/subject").asText()).isEqualTo("assessment incomplete");
        assertThat(sent.at("/activity/completed/text").asText()).isEqualTo("87 %");
        assertThat(sent.at("/activity/reasons/0").asText()).isEqualTo("Missing data");
        assertThat(sent.has("crm_id")).as("not the flat status payload").isFalse();
    }
}
