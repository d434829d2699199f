package beginibridge.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

import beginibridge.event.Envelope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Begini signs no timestamp: an event whose own times lie further ahead than the allowed skew is quarantined. */
class EventTimesAheadTest {

    static final String INTEGRATION = "00000000000000000001";
    static final long NOW = 1_796_000_000L;
    static final long SKEW = 3600;

    final EnvelopeReader reader = new EnvelopeReader(1_048_576, Duration.ofSeconds(SKEW),
            Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));

    @ParameterizedTest
    @ValueSource(strings = {"application_started_at", "application_completed_at", "application_expired_at",
        "application_cancelled_at", "last_response_submitted_at", "scored_at"})
    void should_refuse_each_documented_time_beyond_the_skew(String field) {
        assertThatThrownBy(() -> read(field, String.valueOf(NOW + SKEW + 1)))
                .isInstanceOf(InvalidWebhook.class)
                .hasMessage("Event time too far in the future: event.details." + field)
                .satisfies(invalid -> assertThat(((InvalidWebhook) invalid).claimedIntegration()).isEqualTo(INTEGRATION));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1796003601.0", "1.796003601E9", "99999999999999999999999999", "1e400"})
    void should_refuse_a_time_beyond_the_skew_however_the_number_is_written(String time) {
        assertThatThrownBy(() -> read("scored_at", time)).isInstanceOf(InvalidWebhook.class)
                .hasMessage("Event time too far in the future: event.details.scored_at");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1796003600", "1796000000", "0", "-99999999999999999999", "1795000000.0"})
    void should_accept_a_time_up_to_the_skew_or_far_in_the_past(String time) {
        assertThat(read("application_completed_at", time).eventType()).isEqualTo("application.complete");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"1896000000\"", "1796003600.5", "null", "[1896000000]", "{\"at\":1896000000}"})
    void should_leave_times_that_are_no_whole_number_to_the_delivery_as_before(String time) {
        assertThat(read("scored_at", time).eventType()).isEqualTo("application.complete");
    }

    @Test
    void should_leave_unknown_fields_alone_even_when_they_look_like_times() {
        assertThat(read("application_archived_at", "1896000000").eventType()).isEqualTo("application.complete");
        assertThat(read("expires_at", "1896000000").eventType()).isEqualTo("application.complete");
    }

    @Test
    void should_refuse_a_negative_skew_at_startup() {
        assertThatThrownBy(() -> new EnvelopeReader(1_048_576, "-5m"))
                .hasMessage("begini.max-future-skew must not be negative");
        assertThatThrownBy(() -> new EnvelopeReader(1_048_576, "soon"))
                .hasMessageStartingWith("begini.max-future-skew 'soon' is not a duration");
    }

    private Envelope read(String field, String time) {
        byte[] body = ("{\"uid\":\"APP-1\",\"integration_id\":\"" + INTEGRATION + "\",\"event\":{\"type\":"
                + "\"application.complete\",\"details\":{\"platform\":\"WEB\",\"" + field + "\":"
                + time + "}}}").getBytes(StandardCharsets.UTF_8);
        return reader.parse(body, Set.of(INTEGRATION));
    }
}
