package beginibridge.destination.crm;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import beginibridge.support.Deliveries;
import beginibridge.support.DispatchTestSupport;
import beginibridge.support.TestDatabase;
import beginibridge.support.TestKeys;
import com.github.tomakehurst.wiremock.client.WireMock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * crm.auth over real HTTP, WireMock playing the CRM: each way of authenticating sends its header and no other's, and
 * no secret reaches the log. The setting is read at each delivery, so the tests switch it on the running bridge.
 */
class CrmAuthenticationTest extends DispatchTestSupport {

    private static final String KEY_HEADER = "X-Crm-Key";

    private final String password = TestKeys.random();
    private final String crmApiKey = TestKeys.random();

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.h2();
    }

    @Override
    protected Map<String, String> moreSettings() {
        return Map.of("crm.username", "bridge-user", "crm.password", password, "crm.api-key-header", KEY_HEADER,
                "crm.api-key", crmApiKey);
    }

    @BeforeEach
    void crmAccepts() {
        crm.resetAll();
        crm.stubFor(post(urlEqualTo("/crm/events")).willReturn(aResponse().withStatus(200)));
    }

    @Test
    void should_send_the_bearer_token_by_default() throws Exception {
        delivered("APP-AUTH-bearer", "bearer");

        crm.verify(1, postRequestedFor(urlEqualTo("/crm/events")).withHeader("Authorization",
                equalTo("Bearer " + crmToken)).withHeader(KEY_HEADER, absent()));
    }

    @Test
    void should_send_basic_authentication_from_the_username_and_password() throws Exception {
        delivered("APP-AUTH-basic", "basic");

        String expected = "Basic " + Base64.getEncoder().encodeToString(("bridge-user:" + password)
                .getBytes(StandardCharsets.UTF_8));
        crm.verify(1, postRequestedFor(urlEqualTo("/crm/events")).withHeader("Authorization", equalTo(expected))
                .withHeader(KEY_HEADER, absent()));
        assertThat(logs.all()).doesNotContain(password).doesNotContain(expected.substring(6));
    }

    @Test
    void should_send_the_api_key_in_its_header() throws Exception {
        delivered("APP-AUTH-key", "api-key");

        crm.verify(1, postRequestedFor(urlEqualTo("/crm/events")).withHeader(KEY_HEADER, equalTo(crmApiKey))
                .withHeader("Authorization", absent()));
        assertThat(logs.all()).doesNotContain(crmApiKey);
    }

    @Test
    void should_send_no_credentials_with_none() throws Exception {
        delivered("APP-AUTH-none", "none");

        crm.verify(1, postRequestedFor(urlEqualTo("/crm/events")).withHeader("Authorization", absent())
                .withHeader(KEY_HEADER, absent()));
    }

    @Test
    void should_give_up_on_an_unknown_way_at_once_naming_the_setting() throws Exception {
        context.getPropertiesComponent().addOverrideProperty("crm.auth", "oauth");
        addApplicant("APP-AUTH-unknown", "CUST-AUTH-unknown", "Una Known", "CRM-AUTH-unknown", null);

        String eventId = deliver(webhook("APP-AUTH-unknown", "application.complete", "{}"));

        Deliveries.Row crmDelivery = settled(eventId).stream().filter(row -> row.destination().equals("crm"))
                .findFirst().orElseThrow();
        assertThat(crmDelivery.status()).isEqualTo("dead");
        assertThat(crmDelivery.attempts()).isEqualTo(1);
        assertThat(crmDelivery.lastError()).contains("crm.auth must be bearer, basic, api-key or none");
        crm.verify(0, WireMock.anyRequestedFor(WireMock.anyUrl()));
    }

    private void delivered(String uid, String auth) throws Exception {
        context.getPropertiesComponent().addOverrideProperty("crm.auth", auth);
        addApplicant(uid, "CUST-" + uid, "Auth Test", "CRM-" + uid, null);

        String eventId = deliver(webhook(uid, "application.complete", "{}"));

        assertThat(settled(eventId)).filteredOn(row -> row.destination().equals("crm"))
                .extracting(Deliveries.Row::status).containsExactly("done");
    }
}
