package beginibridge.destination.email;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.util.Map;

import beginibridge.support.Deliveries;
import beginibridge.support.DispatchTestSupport;
import beginibridge.support.TestDatabase;
import beginibridge.support.TcpProxy;
import beginibridge.support.TestKeys;
import com.github.tomakehurst.wiremock.client.WireMock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The email destination with an SMTP login (smtp.user, smtp.password): the mail is sent as that user, and the password
 * is the one offered, since the SMTP server refuses the send once it no longer matches. Without smtp.user, no login
 * is offered at all (the other email tests, against a server that announces AUTH and checks every login).
 */
class EmailLoginTest extends DispatchTestSupport {

    private static final String LOGIN = "bridge-login";

    private final String password = TestKeys.random();
    /** Between the bridge and the SMTP server, so that the test can drop the connection the email worker keeps. */
    private final TcpProxy relay;

    EmailLoginTest() {
        smtp.setUser("bridge@bridge.test", LOGIN, password);
        relay = new TcpProxy(smtp.getSmtp().getPort());
    }

    @AfterEach
    void closeRelay() {
        relay.close();
    }

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.h2();
    }

    @Override
    protected Map<String, String> moreSettings() {
        return Map.of("smtp.user", LOGIN, "smtp.password", password, "smtp.allow-plain-login", "true",
                "smtp.port", String.valueOf(relay.port()));
    }

    @Test
    void should_send_the_mail_logged_in_with_the_configured_password() throws Exception {
        crm.stubFor(WireMock.post(urlEqualTo("/crm/events")).willReturn(aResponse().withStatus(200)));
        addApplicant("APP-LOGIN", "CUST-LOGIN", "Login Test", "CRM-LOGIN", "officer.login@bridge.test");

        String sent = deliver(webhook("APP-LOGIN", "application.expired", "{\"application_expired_at\":1}"));
        assertThat(settled(sent)).extracting(Deliveries.Row::destination, Deliveries.Row::status)
                .contains(tuple("email", "done"));
        assertThat(smtp.getReceivedMessages()).hasSize(1);

        smtp.getUserManager().getUser(LOGIN).setPassword(TestKeys.random());
        relay.dropConnections(); // the next mail logs in again, on a new connection
        String refused = deliver(webhook("APP-LOGIN", "application.expired", "{\"application_expired_at\":2}"));
        assertThat(settled(refused)).extracting(Deliveries.Row::destination, Deliveries.Row::status)
                .contains(tuple("email", "dead"));
        assertThat(smtp.getReceivedMessages()).hasSize(1);
    }
}
