package beginibridge.destination.email;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import beginibridge.support.Deliveries;
import beginibridge.support.DispatchTestSupport;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The email destination end to end over real SMTP: who is told, what the mail says and keeps out, header injection,
 * and delivery once whatever the SMTP server or the other destinations do.
 */
abstract class EmailDeliveryContract extends DispatchTestSupport {

    private static final String FROM = "bridge@bridge.test";

    /** The SMTP server started in place of {@code smtp} while a test has that one stopped. */
    private GreenMail replacementSmtp;

    @BeforeEach
    void cleanDestinations() throws Exception {
        smtp.purgeEmailFromAllMailboxes();
        crm.resetAll();
        crm.stubFor(post(urlEqualTo("/crm/events")).willReturn(aResponse().withStatus(200).withBody("{}")));
    }

    @AfterEach
    void restoreSmtp() {
        if (replacementSmtp != null) {
            replacementSmtp.stop();
            replacementSmtp = null;
        }
        if (!smtp.isRunning()) {
            smtp.start();
        }
    }

    @Test
    void should_tell_the_loan_officer_that_an_application_expired() throws Exception {
        addApplicant("APP-MAIL-expired", "INT-EXPIRED", "Ada Expired", "CRM-EXPIRED", "officer.expired@bridge.test");

        String eventId = deliver(event("APP-MAIL-expired", "application.expired",
                "{\"application_expired_at\":1795086400,\"percentage_completed\":\"0.333333333333333\"}", null));

        MimeMessage mail = onlyMailOf(eventId);
        assertThat(recipients(mail)).containsExactly("officer.expired@bridge.test");
        assertThat(senders(mail)).containsExactly(FROM);
        assertThat(mail.getSubject()).isEqualTo("Begini assessment expired: Ada Expired (INT-EXPIRED)");
        assertThat(text(mail)).isEqualTo("""
                Hello,

                The Begini assessment of Ada Expired (internal id INT-EXPIRED) expired.

                Completed: 33 %% of the assessment.

                Event reference: %s

                --\s
                begini-bridge""".formatted(eventId));
        assertThat(Deliveries.one(database(), eventId, "email").status()).isEqualTo("done");
    }

    @Test
    void should_name_each_mail_after_its_delivery_so_a_repeat_is_recognisable() throws Exception {
        String eventId = deliver(event("APP-MAIL-message-id", "application.cancelled", "{}", null));

        MimeMessage mail = onlyMailOf(eventId);
        assertThat(mail.getMessageID()).as("the same on every attempt of this delivery, like the CRM's Idempotency-Key")
                .isEqualTo("<" + Deliveries.one(database(), eventId, "email").id() + "@begini-bridge>");
    }

    @Test
    void should_tell_the_loan_officer_that_an_application_was_submitted_incomplete() throws Exception {
        addApplicant("APP-MAIL-incomplete", "INT-INCOMPLETE", "Ian Incomplete", "CRM-INCOMPLETE",
                "officer.incomplete@bridge.test");

        String eventId = deliver(event("APP-MAIL-incomplete", "application.incomplete",
                "{\"last_response_submitted_at\":1795001214,\"percentage_completed\":\"0.866666666666667\"}",
                "[\"Missing data\",\"Stopped at the income section\"]"));

        MimeMessage mail = onlyMailOf(eventId);
        assertThat(recipients(mail)).containsExactly("officer.incomplete@bridge.test");
        assertThat(senders(mail)).containsExactly(FROM);
        assertThat(mail.getSubject())
                .isEqualTo("Begini assessment was submitted incomplete: Ian Incomplete (INT-INCOMPLETE)");
        assertThat(text(mail)).containsSubsequence(
                "The Begini assessment of Ian Incomplete (internal id INT-INCOMPLETE) was submitted incomplete.\n",
                "Completed: 87 % of the assessment.\n",
                "- Missing data\n- Stopped at the income section\n",
                "Event reference: " + eventId);
        assertThat(Deliveries.one(database(), eventId, "email").status()).isEqualTo("done");
    }

    @Test
    void should_tell_the_loan_officer_that_an_application_was_cancelled() throws Exception {
        addApplicant("APP-MAIL-cancelled", "INT-CANCELLED", "Cora Cancelled", "CRM-CANCELLED",
                "officer.cancelled@bridge.test");

        String eventId = deliver(event("APP-MAIL-cancelled", "application.cancelled",
                "{\"application_cancelled_at\":1795000038}", "[\"Denied the terms and conditions\"]"));

        MimeMessage mail = onlyMailOf(eventId);
        assertThat(recipients(mail)).containsExactly("officer.cancelled@bridge.test");
        assertThat(senders(mail)).containsExactly(FROM);
        assertThat(mail.getSubject()).isEqualTo("Begini assessment was cancelled: Cora Cancelled (INT-CANCELLED)");
        assertThat(text(mail)).containsSubsequence(
                "The Begini assessment of Cora Cancelled (internal id INT-CANCELLED) was cancelled.\n",
                "- Denied the terms and conditions\n",
                "Event reference: " + eventId).doesNotContain("Completed:");
        assertThat(Deliveries.one(database(), eventId, "email").status()).isEqualTo("done");
    }

    @Test
    void should_introduce_the_reasons_with_a_heading() throws Exception {
        addApplicant("APP-MAIL-reasons", "INT-REASONS", "Rhea Reasons", "CRM-REASONS", "officer.reasons@bridge.test");

        String eventId = deliver(event("APP-MAIL-reasons", "application.cancelled",
                "{\"application_cancelled_at\":1795000038}", "[\"Denied the terms and conditions\"]"));

        assertThat(text(onlyMailOf(eventId))).isEqualTo("""
                Hello,

                The Begini assessment of Rhea Reasons (internal id INT-REASONS) was cancelled.

                Reasons given:
                - Denied the terms and conditions

                Event reference: %s

                --\s
                begini-bridge""".formatted(eventId));
    }

    @Test
    void should_tell_the_ops_address_when_no_internal_record_matches() throws Exception {
        String eventId = deliver(event("APP-MAIL-unmatched", "application.expired", "{}", null));

        MimeMessage mail = onlyMailOf(eventId);
        assertThat(recipients(mail)).containsExactly(OPS_ADDRESS);
        assertThat(mail.getSubject()).isEqualTo("Begini assessment expired");
        assertThat(text(mail)).contains("The Begini assessment of an applicant with no matching internal record"
                + " expired.");
        assertThat(Deliveries.one(database(), eventId, "email").status()).isEqualTo("done");
    }

    @Test
    void should_tell_the_ops_address_when_the_internal_record_has_no_loan_officer() throws Exception {
        addApplicant("APP-MAIL-no-officer", "INT-NO-OFFICER", "Nora Nobody", "CRM-NO-OFFICER", null);

        String eventId = deliver(event("APP-MAIL-no-officer", "application.cancelled", "{}", "[\"Changed mind\"]"));

        MimeMessage mail = onlyMailOf(eventId);
        assertThat(recipients(mail)).containsExactly(OPS_ADDRESS);
        assertThat(mail.getSubject()).isEqualTo("Begini assessment was cancelled: Nora Nobody (INT-NO-OFFICER)");
    }

    @Test
    void should_keep_the_uid_and_the_payload_out_of_the_mail() throws Exception {
        addApplicant("APP-MAIL-private-7Q2", "INT-PRIVATE", "Pat Private", "CRM-PRIVATE",
                "officer.private@bridge.test");

        String eventId = deliver(event("APP-MAIL-private-7Q2", "application.incomplete",
                "{\"percentage_completed\":\"0.5\",\"device_fingerprint\":\"PAYLOAD-ONLY-d41d8cd98f\"}",
                "[\"Missing data\"]"));

        String source = GreenMailUtil.getWholeMessage(onlyMailOf(eventId));
        assertThat(source).contains("Pat Private")
                .doesNotContainIgnoringCase("APP-MAIL-private-7Q2")
                .doesNotContain("PAYLOAD-ONLY-d41d8cd98f")
                .doesNotContain("device_fingerprint")
                .doesNotContain("\"percentage_completed\"");
    }

    @Test
    void should_not_let_line_breaks_in_the_record_or_the_reasons_add_headers_or_recipients() throws Exception {
        addApplicant("APP-MAIL-inject", "INT-INJECT", "Mallory\r\nBcc: victim@evil.test", "CRM-INJECT",
                "officer.inject@bridge.test");

        String eventId = deliver(event("APP-MAIL-inject", "application.incomplete", "{}",
                "[\"Missing data\\r\\nBcc: victim2@evil.test\",\"Other\\nX-Injected: yes\","
                        + "\"End\\r\\n.\\r\\nRCPT TO:<victim3@evil.test>\"]"));

        MimeMessage mail = onlyMailOf(eventId);
        assertThat(mailboxesReached(smtp, eventId)).containsExactly("officer.inject@bridge.test");
        assertThat(recipients(mail)).containsExactly("officer.inject@bridge.test");
        assertThat(mail.getHeader("Bcc")).isNull();
        assertThat(mail.getHeader("X-Injected")).isNull();
        assertThat(mail.getHeader("Subject")).hasSize(1);
        assertThat(mail.getSubject()).doesNotContain("\r", "\n").contains("Mallory").contains("(INT-INJECT)");
        assertThat(headerSection(mail).lines())
                .noneMatch(line -> line.regionMatches(true, 0, "Bcc:", 0, 4))
                .noneMatch(line -> line.regionMatches(true, 0, "X-Injected:", 0, 11));
    }

    static Stream<Arguments> unsafeOfficerAddresses() {
        return Stream.of(
                arguments(named("a line break", "APP-MAIL-officer-crlf"), "INT-OFFICER-CRLF", "Liam Linebreak",
                        "CRM-OFFICER-CRLF", "officer.crlf@bridge.test\r\nBcc: victim@evil.test"),
                arguments(named("a list", "APP-MAIL-officer-list"), "INT-OFFICER-LIST", "Lisa List",
                        "CRM-OFFICER-LIST", "officer.list@bridge.test, victim@evil.test"));
    }

    @ParameterizedTest(name = "a loan officer address holding {0}")
    @MethodSource("unsafeOfficerAddresses")
    void should_mail_the_ops_address_instead_of_a_loan_officer_address_that_is_not_one_mailbox(String uid,
            String internalId, String applicant, String crmId, String officer) throws Exception {
        addApplicant(uid, internalId, applicant, crmId, officer);

        String eventId = deliver(event(uid, "application.expired", "{}", null));

        onlyMailOf(eventId);
        assertThat(mailboxesReached(smtp, eventId)).containsExactly(OPS_ADDRESS);
    }

    @Test
    void should_not_mail_when_an_application_completes_or_is_scored() throws Exception {
        addApplicant("APP-MAIL-quiet", "INT-QUIET", "Quinn Quiet", "CRM-QUIET", "officer.quiet@bridge.test");
        List<String> eventIds = List.of(
                deliver(event("APP-MAIL-quiet", "application.complete", "{\"application_completed_at\":1795001487}",
                        null)),
                deliver(event("APP-MAIL-quiet", "psychometric_score.complete",
                        "{\"scored_at\":1795001529,\"calculated\":{\"score\":412,\"risk_band\":\"B\"}}", null)),
                deliver(event("APP-MAIL-quiet", "android_score.complete",
                        "{\"scored_at\":1795001600,\"calculated\":{\"score\":538}}", null)),
                deliver(event("APP-MAIL-quiet", "ios_score.complete",
                        "{\"scored_at\":1795001700,\"calculated\":{\"score\":487}}", null)));

        for (String eventId : eventIds) {
            assertThat(settled(eventId)).extracting(Deliveries.Row::destination).containsExactly("crm", "database");
        }
        assertThat(smtp.getReceivedMessages())
                .noneMatch(mail -> eventIds.stream().anyMatch(eventId -> text(mail).contains(eventId)));
        assertThat(mailboxesReached(smtp, "Quinn Quiet")).isEmpty();
    }

    @Test
    void should_deliver_an_email_once_when_the_smtp_server_comes_back() throws Exception {
        addApplicant("APP-MAIL-outage", "INT-OUTAGE", "Otto Outage", "CRM-OUTAGE", "officer.outage@bridge.test");
        int port = smtp.getSmtp().getPort();
        smtp.stop();

        String eventId = deliver(event("APP-MAIL-outage", "application.expired", "{}", null));

        eventually().untilAsserted(() -> assertThat(Deliveries.ofEvent(database(), eventId))
                .extracting(Deliveries.Row::destination, Deliveries.Row::status, row -> row.lastError() != null)
                .containsExactly(tuple("crm", "done", false), tuple("database", "done", false),
                        tuple("email", "pending", true)));
        Deliveries.Row waiting = Deliveries.one(database(), eventId, "email");
        assertThat(Deliveries.attempts(database(), waiting.id())).isNotEmpty()
                .allSatisfy(attempt -> assertThat(attempt.outcome()).isEqualTo("retry"));

        replacementSmtp = new GreenMail(new ServerSetup(port, "127.0.0.1", "smtp"));
        replacementSmtp.start();

        eventually().until(() -> Deliveries.one(database(), eventId, "email").status().equals("done"));
        assertThat(mailsOf(replacementSmtp, eventId)).hasSize(1);
        assertThat(mailboxesReached(replacementSmtp, eventId)).containsExactly("officer.outage@bridge.test");
    }

    @Test
    void should_not_mail_again_when_the_crm_delivery_is_retried() throws Exception {
        addApplicant("APP-MAIL-crm-retry", "INT-CRM-RETRY", "Rita Retry", "CRM-RETRY-4711",
                "officer.retry@bridge.test");
        crmAnswers("CRM-RETRY-4711", STARTED, 500, "failed-once");
        crmAnswers("CRM-RETRY-4711", "failed-once", 500, "failed-twice");
        crmAnswers("CRM-RETRY-4711", "failed-twice", 200, "recovered");

        String eventId = deliver(event("APP-MAIL-crm-retry", "application.expired", "{}", null));

        assertThat(settled(eventId))
                .extracting(Deliveries.Row::destination, Deliveries.Row::status, Deliveries.Row::attempts)
                .containsExactly(tuple("crm", "done", 3), tuple("database", "done", 1), tuple("email", "done", 1));
        crm.verify(3, postRequestedFor(urlEqualTo("/crm/events")).withRequestBody(containing("CRM-RETRY-4711")));
        assertThat(mailsOf(smtp, eventId)).hasSize(1);
    }

    @Test
    void should_mail_a_list_as_percentage_completed_once_as_json_text() throws Exception {
        addApplicant("APP-MAIL-list", "INT-LIST", "Lars List", "CRM-LIST", "officer.list-value@bridge.test");
        String list = jsonListOfNumbers(2000);
        byte[] webhook = event("APP-MAIL-list", "application.expired", "{\"percentage_completed\":" + list + "}",
                "[[0,1,2],{\"why\":[1,2]},\"plain\"]");

        String eventId = deliver(webhook);

        String text = text(onlyMailOf(eventId));
        assertThat(text.length()).isLessThan(2 * webhook.length);
        assertThat(text).containsOnlyOnce(list).containsSubsequence("Completed: " + list + " of the assessment.\n",
                "- [0,1,2]\n- {\"why\":[1,2]}\n- plain\n");
    }

    @Test
    void should_mail_objects_as_percentage_completed_and_reasons_once_as_json_text() throws Exception {
        addApplicant("APP-MAIL-object", "INT-OBJECT", "Olga Object", "CRM-OBJECT", "officer.object@bridge.test");
        String object = "{\"nested\":" + jsonListOfNumbers(2000) + "}";
        byte[] webhook = event("APP-MAIL-object", "application.incomplete",
                "{\"percentage_completed\":" + object + "}", "{\"why\":" + object + "}");

        String eventId = deliver(webhook);

        String text = text(onlyMailOf(eventId));
        assertThat(text.length()).isLessThan(2 * webhook.length);
        assertThat(text).containsSubsequence("Completed: " + object + " of the assessment.\n",
                "- {\"why\":" + object + "}\n");
    }

    @Test
    void should_mail_a_long_value_whole_but_give_up_at_once_on_a_mail_larger_than_the_rendered_cap() throws Exception {
        addApplicant("APP-MAIL-long", "INT-LONG", "Lou Long", "CRM-LONG", "officer.long@bridge.test");
        String longText = "L".repeat(100_000);

        String fits = deliver(event("APP-MAIL-long", "application.expired",
                "{\"percentage_completed\":\"" + longText + "\"}", null));
        String tooLarge = deliver(event("APP-MAIL-long", "application.incomplete",
                "{\"percentage_completed\":\"" + longText + "\"}", "[\"" + longText + "\",\"" + longText + "\"]"));

        assertThat(text(onlyMailOf(fits))).contains("Completed: " + longText + " of the assessment.\n");
        settled(tooLarge);
        Deliveries.Row dead = Deliveries.one(database(), tooLarge, "email");
        assertThat(dead.status()).isEqualTo("dead");
        assertThat(dead.attempts()).isEqualTo(1);
        assertThat(dead.lastError()).contains("rendered more than 262144 bytes").doesNotContain("LLLL");
        assertThat(mailsOf(smtp, tooLarge)).isEmpty();
    }

    private void crmAnswers(String crmId, String state, int status, String nextState) {
        crm.stubFor(post(urlEqualTo("/crm/events")).withRequestBody(containing(crmId))
                .inScenario("crm of " + crmId).whenScenarioStateIs(state)
                .willReturn(aResponse().withStatus(status).withBody("{}")).willSetStateTo(nextState));
    }

    /** Waits until the event's deliveries are settled, then returns the one mail it caused. */
    private MimeMessage onlyMailOf(String eventId) {
        settled(eventId);
        List<MimeMessage> mails = mailsOf(smtp, eventId);
        assertThat(mails).as("mails of event %s", eventId).hasSize(1);
        return mails.get(0);
    }

    /** One entry per mailbox a mail reached; the event reference in the text tells which event it is about. */
    private static List<MimeMessage> mailsOf(GreenMail server, String eventId) {
        return Arrays.stream(server.getReceivedMessages()).filter(mail -> text(mail).contains(eventId)).toList();
    }

    /** The mailboxes (SMTP envelope recipients) that received a mail whose text contains {@code value}. */
    private static List<String> mailboxesReached(GreenMail server, String value) {
        return server.getUserManager().listUser().stream()
                .filter(user -> server.findReceivedMessages(candidate -> candidate == user,
                        mail -> text(mail).contains(value)).findAny().isPresent())
                .map(GreenMailUser::getEmail).toList();
    }

    private static List<String> recipients(MimeMessage mail) throws MessagingException {
        return Arrays.stream(mail.getAllRecipients()).map(Address::toString).toList();
    }

    private static List<String> senders(MimeMessage mail) throws MessagingException {
        return Arrays.stream(mail.getFrom()).map(Address::toString).toList();
    }

    private static String text(MimeMessage mail) {
        try {
            return mail.getContent().toString().replace("\r\n", "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String headerSection(MimeMessage mail) {
        return GreenMailUtil.getWholeMessage(mail).split("\r?\n\r?\n", 2)[0];
    }
}
