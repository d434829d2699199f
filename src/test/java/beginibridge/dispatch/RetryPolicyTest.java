package beginibridge.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import beginibridge.delivery.PermanentDeliveryFailure;
import beginibridge.settings.Durations;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    final RetryPolicy policy = new RetryPolicy(5, "1s", "30s");
    final Instant now = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void should_double_the_backoff_with_jitter_up_to_the_cap() {
        for (int attempt = 1; attempt <= 8; attempt++) {
            long full = Math.min(1000L << (attempt - 1), 30_000L);
            for (int draw = 0; draw < 50; draw++) {
                assertThat(policy.backoff(attempt).toMillis()).as("attempt %d", attempt)
                        .isBetween(full / 2, full);
            }
        }
        assertThat(policy.backoff(200).toMillis()).isBetween(15_000L, 30_000L);
    }

    @Test
    void should_retry_timeouts_refusals_408_429_and_5xx() {
        for (Throwable failure : new Throwable[] {new ConnectException("refused"), new IOException("timeout"),
                http(408, Map.of()), http(429, Map.of()), http(500, Map.of()), http(503, Map.of())}) {
            RetryPolicy.Decision decision = policy.decide(1, failure, now);

            assertThat(decision.dead()).as(failure.toString()).isFalse();
            assertThat(decision.nextAttemptAt()).isAfter(now);
        }
    }

    @Test
    void should_give_up_at_once_on_other_4xx_and_permanent_failures() {
        for (int status = 400; status <= 499; status++) {
            if (status == 408 || status == 429) {
                continue;
            }
            RetryPolicy.Decision decision = policy.decide(1, http(status, Map.of()), now);

            assertThat(decision.dead()).as("HTTP %d on the first attempt", status).isTrue();
            assertThat(decision.nextAttemptAt()).as("HTTP %d", status).isEqualTo(now);
            assertThat(decision.error()).isEqualTo("HTTP " + status + ": the destination refused the request");
        }
        RetryPolicy.Decision badTemplate = policy.decide(1, new PermanentDeliveryFailure("bad template"), now);
        assertThat(badTemplate.dead()).isTrue();
        assertThat(badTemplate.nextAttemptAt()).isEqualTo(now);
    }

    @Test
    void should_refuse_fewer_than_one_attempt_and_give_up_after_the_only_one() {
        assertThatThrownBy(() -> new RetryPolicy(0, "1s", "30s")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("delivery.max-attempts must be at least 1");
        assertThatThrownBy(() -> new RetryPolicy(-3, "1s", "30s")).isInstanceOf(IllegalArgumentException.class);

        RetryPolicy once = new RetryPolicy(1, "1s", "30s");
        assertThat(once.decide(1, http(500, Map.of()), now).dead()).as("the one attempt used").isTrue();
    }

    @Test
    void should_give_up_at_once_when_the_smtp_server_refuses_for_good_but_not_for_now() {
        var unknownMailbox = new SMTPAddressFailedException(internetAddress("nobody@bridge.test"), "RCPT TO", 550,
                "mailbox unavailable");
        var mailboxBusy = new SMTPAddressFailedException(internetAddress("busy@bridge.test"), "RCPT TO", 450,
                "try later");

        var relayDenied = new org.eclipse.angus.mail.smtp.SMTPSendFailedException("MAIL FROM", 550,
                "5.7.1 relaying denied", null, null, null, null);

        assertThat(policy.decide(1, sendFailed(unknownMailbox), now).dead()).isTrue();
        assertThat(policy.decide(1, sendFailed(mailboxBusy), now).dead()).isFalse();
        assertThat(policy.decide(1, relayDenied, now).dead()).as("a configuration fault: retried").isFalse();
    }

    @Test
    void should_give_up_after_the_last_attempt() {
        RetryPolicy.Decision last = policy.decide(5, http(500, Map.of()), now);

        assertThat(last.dead()).isTrue();
        assertThat(last.error()).isEqualTo("gave up after 5 attempts: HTTP 500: the destination failed");
    }

    @Test
    void should_keep_the_error_of_a_last_attempt_within_the_column() {
        String longAnswer = "x".repeat(2000);
        HttpOperationFailedException failure = new HttpOperationFailedException("http://crm.test/events", 500,
                "status 500", null, Map.of(), longAnswer);

        assertThat(policy.decide(5, failure, now).error()).hasSizeLessThanOrEqualTo(ErrorSummary.MAX_LENGTH);
        assertThat(policy.decide(5, new IllegalStateException(longAnswer), now).error())
                .hasSizeLessThanOrEqualTo(ErrorSummary.MAX_LENGTH);
    }

    @Test
    void should_keep_the_status_and_a_reason_of_its_own_never_what_the_destination_answered() {
        String echo = "{\"crm_id\":\"CRM-77\",\"internal_id\":\"CUST-77\",\"full_name\":\"Ann Echo\"}";
        HttpOperationFailedException crmAnswer = new HttpOperationFailedException("http://crm.test/events", 422,
                "Unprocessable " + echo, null, Map.of(), echo);
        var smtpAnswer = new SMTPAddressFailedException(internetAddress("officer@bridge.test"), "RCPT TO", 550,
                "5.1.1 <officer@bridge.test> unknown, " + echo);

        assertThat(policy.decide(1, crmAnswer, now).error()).isEqualTo("HTTP 422: the destination refused the request");
        assertThat(policy.decide(1, sendFailed(smtpAnswer), now).error())
                .isEqualTo("SMTP 550: the mail server refused the recipient");
    }

    @Test
    void should_wait_at_least_as_long_as_retry_after_in_seconds_or_as_a_date() {
        String inTwoMinutes = DateTimeFormatter.RFC_1123_DATE_TIME.format(now.plusSeconds(120).atOffset(ZoneOffset.UTC));

        assertThat(policy.decide(1, http(429, Map.of("Retry-After", "90")), now).nextAttemptAt())
                .isEqualTo(now.plusSeconds(90));
        assertThat(policy.decide(1, http(503, Map.of("retry-after", inTwoMinutes)), now).nextAttemptAt())
                .isEqualTo(now.plusSeconds(120));
        assertThat(policy.decide(1, http(429, Map.of("Retry-After", "999999")), now).nextAttemptAt())
                .as("capped at 6 hours").isEqualTo(now.plus(Duration.ofHours(6)));
        assertThat(policy.decide(1, http(429, Map.of("Retry-After", "soon")), now).nextAttemptAt())
                .as("unreadable: the usual backoff").isBefore(now.plusSeconds(2));
    }

    @Test
    void should_explain_a_bad_duration_setting() {
        assertThatThrownBy(() -> new RetryPolicy(5, "fast", "30s"))
                .hasMessage("delivery.initial-backoff 'fast' is not a duration such as 500ms, 2s, 10m or 1h");
        assertThat(Durations.parse("PT5S", "x")).isEqualTo(Duration.ofSeconds(5));
        assertThat(Durations.parse("250ms", "x")).isEqualTo(Duration.ofMillis(250));
    }

    /** How the mail library reports refused recipients: the refusal chained under a SendFailedException. */
    private static jakarta.mail.SendFailedException sendFailed(Exception refusal) {
        return new jakarta.mail.SendFailedException("Invalid Addresses", refusal);
    }

    private static jakarta.mail.internet.InternetAddress internetAddress(String address) {
        try {
            return new jakarta.mail.internet.InternetAddress(address);
        } catch (jakarta.mail.internet.AddressException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static HttpOperationFailedException http(int status, Map<String, String> headers) {
        return new HttpOperationFailedException("http://crm.test/events", status, "status " + status, null, headers,
                status == 404 ? "" : "try again");
    }
}
