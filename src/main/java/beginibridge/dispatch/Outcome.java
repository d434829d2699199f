package beginibridge.dispatch;

import java.time.Instant;

/**
 * How one attempt of a delivery this instance holds ended, to be recorded: the delivery's new {@code status} (with
 * when it is due next and its error), the attempt's times and its outcome as the attempt log names it ({@code done},
 * {@code unmatched}, {@code retry}, {@code dead}).
 */
public record Outcome(Delivery delivery, String status, Instant nextAttemptAt, String error, Instant startedAt,
        Instant finishedAt, String attemptOutcome) {

    /**
     * Whether the attempt gets a row of its own in the attempt log: every failure and every attempt after the first
     * does; a first attempt that succeeded is told by the delivery row alone (done, with its attempt's times).
     */
    public boolean logged() {
        return delivery.attempt() != 1 || !"done".equals(attemptOutcome);
    }
}
