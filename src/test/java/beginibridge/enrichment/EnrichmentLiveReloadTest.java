package beginibridge.enrichment;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import beginibridge.support.ConfigCopy;
import beginibridge.support.Deliveries;
import beginibridge.support.LiveReloadTestSupport;
import com.github.tomakehurst.wiremock.client.WireMock;
import org.apache.camel.Route;
import org.junit.jupiter.api.Test;

/**
 * The enrichment route is the integration engineers' to edit, like the routing table and the destinations: a saved
 * routes/enrich.camel.yaml is live-reloaded too, and the next delivery is enriched by the edited route.
 */
class EnrichmentLiveReloadTest extends LiveReloadTestSupport {

    @Test
    void should_apply_an_edited_enrichment_route_without_a_restart() throws Exception {
        crm.stubFor(WireMock.post(urlEqualTo("/crm/events")).willReturn(aResponse().withStatus(200)));
        addApplicant("APP-ENRICH", "CUST-ENRICH", "Enrich Reload", "CRM-ENRICH", "officer.enrich@bridge.test");
        String before = deliver(webhook("APP-ENRICH", "application.complete", "{\"application_completed_at\":1}"));
        assertThat(settled(before)).extracting(Deliveries.Row::destination, Deliveries.Row::status)
                .containsExactly(tuple("crm", "done"), tuple("database", "done"));
        Route enrichment = context.getRoute("enrich-by-uid");

        // the row found is put where the next step does not look: no record, as for a uid the lender does not know
        ConfigCopy.edit(config.resolve("routes/enrich.camel.yaml"), "id: find-internal-record",
                "outputHeader: applicant", "outputHeader: unreadRecord");
        eventually().until(() -> replaced(enrichment));

        String after = deliver(webhook("APP-ENRICH", "application.complete", "{\"application_completed_at\":2}"));
        assertThat(settled(after)).extracting(Deliveries.Row::destination, Deliveries.Row::status)
                .containsExactly(tuple("crm", "unmatched"), tuple("database", "done"));
    }
}
