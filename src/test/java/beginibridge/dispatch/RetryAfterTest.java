package beginibridge.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.apache.camel.http.base.HttpOperationFailedException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.junit.jupiter.api.Test;

/** How long a failed delivery waits: the destination's Retry-After as real answers carry it, and the backoff's range. */
class RetryAfterTest {

    final RetryPolicy policy = new RetryPolicy(5, "1s", "30s");
    final Instant now = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void should_find_retry_after_among_the_other_headers_of_an_answer() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("X-RateLimit-Reset", "7200");
        headers.put("RETRY-AFTER", "90");
        headers.put("Date", rfc1123(now));

        assertThat(policy.decide(1, http(429, headers), now).nextAttemptAt()).isEqualTo(now.plusSeconds(90));
    }

    @Test
    void should_wait_only_the_backoff_when_retry_after_is_a_date_already_past() {
        String aMinuteAgo = rfc1123(now.minusSeconds(60));

        RetryPolicy.Decision decision = policy.decide(1, http(503, Map.of("Retry-After", aMinuteAgo)), now);

        assertThat(decision.dead()).isFalse();
        assertThat(decision.nextAttemptAt()).as("the first backoff: between half and all of 1s")
                .isBetween(now.plusMillis(500), now.plusMillis(1000));
        assertThat(RetryPolicy.parseRetryAfter(aMinuteAgo, now)).as("no wait, rather than a negative one")
                .isEqualTo(Duration.ZERO);
        assertThat(RetryPolicy.parseRetryAfter(" 30 ", now)).isEqualTo(Duration.ofSeconds(30));
        assertThat(RetryPolicy.parseRetryAfter("  ", now)).isNull();
    }

    @Test
    void should_draw_the_backoff_from_half_up_to_and_including_all_of_it() {
        RetryPolicy tiny = new RetryPolicy(5, "2ms", "2ms");
        Set<Long> drawn = new HashSet<>();

        for (int draw = 0; draw < 200; draw++) {
            drawn.add(tiny.backoff(1).toMillis());
        }

        assertThat(drawn).containsExactlyInAnyOrder(1L, 2L);
    }

    @Test
    void should_cap_a_doubling_that_would_pass_the_maximum_and_keep_one_that_reaches_it() {
        RetryPolicy odd = new RetryPolicy(5, "1ms", "3ms");

        for (int draw = 0; draw < 200; draw++) {
            assertThat(odd.backoff(2).toMillis()).as("doubled once: 2ms, not the 3ms cap").isBetween(1L, 2L);
            assertThat(odd.backoff(3).toMillis()).as("doubled twice: 4ms, capped at 3ms").isBetween(1L, 3L);
        }
    }

    @Test
    void should_refuse_a_backoff_of_nothing_or_a_cap_below_it() {
        assertThatThrownBy(() -> new RetryPolicy(5, "0ms", "30s")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("delivery.initial-backoff must be at least 1ms");
        assertThatThrownBy(() -> new RetryPolicy(5, "2s", "1s")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("delivery.max-backoff must not be shorter than delivery.initial-backoff");
        assertThat(new RetryPolicy(5, "1ms", "1ms").backoff(9).toMillis()).isBetween(0L, 1L);
    }

    @Test
    void should_never_let_a_long_backoff_wrap_around_to_a_short_one() {
        // 2^34 + 1 ms doubled 30 times overflows to 2^30 ms, some 12 days, far below the 1000-day cap
        RetryPolicy slow = new RetryPolicy(50, "17179869185ms", "P1000D");

        for (int attempt = 29; attempt <= 40; attempt++) {
            assertThat(slow.backoff(attempt)).as("attempt %d", attempt).isGreaterThanOrEqualTo(Duration.ofDays(500));
        }
    }

    @Test
    void should_give_up_on_any_smtp_5xx_refusal_of_the_recipient() {
        var refused = new SMTPAddressFailedException(address("nobody@bridge.test"), "RCPT TO", 500, "syntax error");

        assertThat(policy.decide(1, new jakarta.mail.SendFailedException("Invalid Addresses", refused), now).dead())
                .isTrue();
    }

    @Test
    void should_allow_a_single_attempt_and_no_fewer() {
        RetryPolicy once = new RetryPolicy(1, "1s", "30s");

        assertThat(once.decide(1, http(503, Map.of()), now).dead()).as("the one attempt was the last").isTrue();
        assertThatThrownBy(() -> new RetryPolicy(0, "1s", "30s"))
                .hasMessage("delivery.max-attempts must be at least 1");
    }

    private static String rfc1123(Instant instant) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atOffset(ZoneOffset.UTC));
    }

    private static HttpOperationFailedException http(int status, Map<String, String> headers) {
        return new HttpOperationFailedException("http://crm.test/events", status, "status " + status, null, headers,
                "try again");
    }

    private static jakarta.mail.internet.InternetAddress address(String address) {
        try {
            return new jakarta.mail.internet.InternetAddress(address);
        } catch (jakarta.mail.internet.AddressException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
