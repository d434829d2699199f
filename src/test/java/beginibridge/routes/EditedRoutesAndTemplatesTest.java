package beginibridge.routes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import beginibridge.support.ConfigCopy;
import beginibridge.support.Deliveries;
import beginibridge.support.EditedCopyTestSupport;
import com.github.tomakehurst.wiremock.client.WireMock;
import org.junit.jupiter.api.Test;

/**
 * Routes and templates read from folders outside the jar (as from a mounted ConfigMap), edited the way the README
 * shows: application.complete also emailed, and a field added to the CRM status payload. No Java, no rebuild.
 */
class EditedRoutesAndTemplatesTest extends EditedCopyTestSupport {

    @Override
    protected Path edited(Path copy) {
        ConfigCopy.applyReadmeEdit(copy);
        return copy;
    }

    @Test
    void should_follow_the_edited_routing_table_and_template() throws Exception {
        crm.stubFor(WireMock.post(urlEqualTo("/crm/events")).willReturn(aResponse().withStatus(200)));
        addApplicant("APP-EDIT", "CUST-EDIT", "Edit Test", "CRM-EDIT", "officer.edit@bridge.test");

        String eventId = deliver(webhook("APP-EDIT", "application.complete", "{\"application_completed_at\":1}"));

        assertThat(settled(eventId)).extracting(Deliveries.Row::destination, Deliveries.Row::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("crm", "done"),
                        org.assertj.core.groups.Tuple.tuple("database", "done"),
                        org.assertj.core.groups.Tuple.tuple("email", "done"));
        assertThat(smtp.getReceivedMessages()).singleElement().satisfies(mail -> assertThat(mail.getSubject())
                .isEqualTo("Begini assessment was completed: Edit Test (CUST-EDIT)"));
        assertThat(crm.getAllServeEvents()).singleElement()
                .satisfies(event -> assertThat(event.getRequest().getBodyAsString())
                        .contains("\"lender_stage\": \"assessed\""));
    }
}
