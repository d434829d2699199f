package beginibridge.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

import beginibridge.delivery.PermanentDeliveryFailure;
import beginibridge.failure.Causes;
import beginibridge.settings.Durations;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;

/**
 * Decides what happens after a failed attempt: retried later with exponential backoff and jitter (at least as late
 * as the destination's Retry-After), or dead when the failure is permanent (a CRM answer 4xx other than 408 and
 * 429, an SMTP 5xx refusal of the recipient's address) or the attempts are used up. Other SMTP refusals (relaying
 * denied, sender refused) are configuration faults: retried, so that fixing the configuration is enough.
 */
public final class RetryPolicy {

    /** What to do with a failed delivery. */
    public record Decision(boolean dead, Instant nextAttemptAt, String error) {
    }

    private static final Duration LONGEST_RETRY_AFTER = Duration.ofHours(6);

    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;

    public RetryPolicy(int maxAttempts, String initialBackoff, String maxBackoff) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("delivery.max-attempts must be at least 1");
        }
        this.maxAttempts = maxAttempts;
        this.initialBackoff = Durations.parse(initialBackoff, "delivery.initial-backoff");
        this.maxBackoff = Durations.parse(maxBackoff, "delivery.max-backoff");
        if (this.initialBackoff.toMillis() < 1) {
            throw new IllegalArgumentException("delivery.initial-backoff must be at least 1ms: a failing destination"
                    + " would otherwise be retried in a loop");
        }
        if (this.maxBackoff.compareTo(this.initialBackoff) < 0) {
            throw new IllegalArgumentException("delivery.max-backoff must not be shorter than"
                    + " delivery.initial-backoff");
        }
    }

    public Decision decide(int attempt, Throwable failure, Instant now) {
        String error = ErrorSummary.of(failure);
        if (isPermanent(failure)) {
            return new Decision(true, now, error);
        }
        if (attempt >= maxAttempts) {
            return new Decision(true, now, ErrorSummary.clip("gave up after " + attempt + " attempts: " + error));
        }
        Duration delay = backoff(attempt);
        Duration retryAfter = retryAfter(failure, now);
        if (retryAfter != null && retryAfter.compareTo(delay) > 0) {
            delay = retryAfter;
        }
        return new Decision(false, now.plus(delay), error);
    }

    /**
     * Exponential from the initial backoff, capped, with "equal jitter": between half and all of it. The doubling is
     * compared with the cap before it is made, so that it never overflows.
     */
    Duration backoff(int attempt) {
        long base = initialBackoff.toMillis();
        long max = maxBackoff.toMillis();
        int doublings = Math.min(Math.max(0, attempt - 1), 62);
        long capped = base > max >> doublings ? max : base << doublings;
        long half = capped / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(capped - half + 1));
    }

    static boolean isPermanent(Throwable failure) {
        if (Causes.find(failure, PermanentDeliveryFailure.class) != null) {
            return true;
        }
        HttpOperationFailedException http = Causes.find(failure, HttpOperationFailedException.class);
        if (http != null) {
            int status = http.getStatusCode();
            return status != 408 && status != 429 && status < 500;
        }
        SMTPAddressFailedException refused = Causes.find(failure, SMTPAddressFailedException.class);
        return refused != null && refused.getReturnCode() >= 500;
    }

    static Duration retryAfter(Throwable failure, Instant now) {
        HttpOperationFailedException http = Causes.find(failure, HttpOperationFailedException.class);
        if (http == null || http.getResponseHeaders() == null) {
            return null;
        }
        return parseRetryAfter(http.getResponseHeaders().entrySet().stream()
                .filter(header -> header.getKey().equalsIgnoreCase("Retry-After"))
                .map(java.util.Map.Entry::getValue).findFirst().orElse(null), now);
    }

    static Duration parseRetryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Duration wait;
        try {
            wait = Duration.ofSeconds(Long.parseLong(value.trim()));
        } catch (NumberFormatException notSeconds) {
            try {
                wait = Duration.between(now, ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant());
            } catch (RuntimeException notADate) {
                return null;
            }
        }
        if (wait.isNegative()) {
            return Duration.ZERO;
        }
        return wait.compareTo(LONGEST_RETRY_AFTER) > 0 ? LONGEST_RETRY_AFTER : wait;
    }
}
