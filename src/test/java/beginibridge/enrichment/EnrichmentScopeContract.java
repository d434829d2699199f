package beginibridge.enrichment;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import beginibridge.support.Deliveries;
import beginibridge.support.DispatchTestSupport;
import beginibridge.support.TestKeys;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.WireMock;
import jakarta.mail.Address;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

/**
 * With two integrations configured, the default enrich.sql finds a record only under the integration whose key
 * signed the webhook: integration B naming integration A's uid gets neither A's CRM record nor A's loan officer.
 */
abstract class EnrichmentScopeContract extends DispatchTestSupport {

    private static final String OTHER_INTEGRATION = "00000000000000000002";
    private static final String OFFICER = "officer.scope@bridge.test";

    private final String otherKey = TestKeys.random();

    @Override
    protected Map<String, String> moreSettings() {
        return Map.of("begini.api-keys", INTEGRATION + "=" + apiKey + "," + OTHER_INTEGRATION + "=" + otherKey);
    }

    @Test
    void should_not_enrich_a_webhook_of_one_integration_with_the_record_of_another() throws Exception {
        crm.stubFor(WireMock.post(urlEqualTo("/crm/events")).willReturn(aResponse().withStatus(200)));
        addApplicant("APP-SCOPE", "CUST-SCOPE", "Scoped Applicant", "CRM-SCOPE", OFFICER);
        byte[] foreign = ("{\"uid\":\"APP-SCOPE\",\"integration_id\":\"" + OTHER_INTEGRATION + "\",\"event\":"
                + "{\"type\":\"application.expired\",\"details\":{}}}").getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> answer = postSigned(foreign, otherKey);
        String foreignId = new ObjectMapper().readTree(answer.body()).path("event_id").asText();

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(settled(foreignId)).extracting(Deliveries.Row::destination, Deliveries.Row::status)
                .contains(tuple("crm", "unmatched"), tuple("email", "done"));
        assertThat(crm.getAllServeEvents()).as("nothing sent to A's CRM record").isEmpty();
        assertThat(recipientsOfEveryMail()).containsExactly(List.of(OPS_ADDRESS));

        String ownId = deliver(webhook("APP-SCOPE", "application.expired", "{}"));

        assertThat(settled(ownId)).extracting(Deliveries.Row::destination, Deliveries.Row::status)
                .contains(tuple("crm", "done"), tuple("email", "done"));
        assertThat(crm.getAllServeEvents()).singleElement()
                .satisfies(served -> assertThat(served.getRequest().getBodyAsString()).contains("CRM-SCOPE", ownId));
        assertThat(recipientsOfEveryMail()).containsExactlyInAnyOrder(List.of(OPS_ADDRESS), List.of(OFFICER));
    }

    private List<List<String>> recipientsOfEveryMail() {
        return Arrays.stream(smtp.getReceivedMessages()).map(EnrichmentScopeContract::recipients).toList();
    }

    private static List<String> recipients(MimeMessage mail) {
        try {
            return Arrays.stream(mail.getAllRecipients()).map(Address::toString).toList();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
