package beginibridge.destination.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** How the database destination reads an event's details: leniently, and never into a value a column refuses. */
class EventFieldsTest {

    @Test
    void should_read_whole_seconds_however_the_number_came_and_nothing_else() {
        EventFields fields = details(Map.of("int", 1_795_000_000, "long", 17_950_000_000L, "double", 1.795E9,
                "fraction", 1795000000.5, "text", "1795000000", "huge", 1.0E19, "edge", 0x1p63, "below", -0x1p62,
                "big", new BigInteger("12")));

        assertThat(fields.epochSeconds("int")).isEqualTo(1_795_000_000L);
        assertThat(fields.epochSeconds("long")).isEqualTo(17_950_000_000L);
        assertThat(fields.epochSeconds("double")).isEqualTo(1_795_000_000L);
        assertThat(fields.epochSeconds("below")).isEqualTo(-(1L << 62));
        assertThat(fields.epochSeconds("big")).isEqualTo(12L);
        assertThat(fields.epochSeconds("fraction")).isNull();
        assertThat(fields.epochSeconds("text")).isNull();
        assertThat(fields.epochSeconds("huge")).as("beyond a long").isNull();
        assertThat(fields.epochSeconds("edge")).as("2^63 itself").isNull();
        assertThat(fields.epochSeconds("absent")).isNull();
    }

    @Test
    void should_read_text_that_any_text_column_can_hold() {
        EventFields fields = details(Map.of("nul", "a\u0000b", "half", "x\uD800y", "pair", "😀", "number", 100,
                "object", Map.of("a", 1), "list", List.of(1)));

        assertThat(fields.text("nul")).isEqualTo("a\uFFFDb");
        assertThat(fields.text("half")).isEqualTo("x\uFFFDy");
        assertThat(fields.text("pair")).isEqualTo("😀");
        assertThat(fields.text("number")).isEqualTo("100");
        assertThat(fields.text("object")).isNull();
        assertThat(fields.text("list")).isNull();
        assertThat(fields.text("absent")).isNull();
    }

    @Test
    void should_read_lists_and_reasons_only_when_they_are_lists() {
        Map<String, Object> event = new HashMap<>();
        event.put("reasons", List.of("age"));
        event.put("details", Map.of("flags", List.of("f"), "scalar", "x"));
        EventFields fields = new EventFields(Map.of("event", event));

        assertThat(fields.list("flags")).isEqualTo(List.of("f"));
        assertThat(fields.list("scalar")).isNull();
        assertThat(fields.reasons()).isEqualTo(List.of("age"));
        assertThat(new EventFields(Map.of("event", Map.of("reasons", "age"))).reasons()).isNull();
    }

    @Test
    void should_read_the_calculated_score_as_a_whole_int_only() {
        EventFields fields = details(Map.of("calculated", Map.of("score", 412, "max", (double) Integer.MAX_VALUE,
                "over", Integer.MAX_VALUE + 1.0, "min", -(double) Integer.MAX_VALUE, "fraction", 4.5, "text", "412",
                "risk_band", "B", "list", List.of(1))));

        assertThat(fields.calculatedInteger("score")).isEqualTo(412);
        assertThat(fields.calculatedInteger("max")).isEqualTo(Integer.MAX_VALUE);
        assertThat(fields.calculatedInteger("min")).isEqualTo(-Integer.MAX_VALUE);
        assertThat(fields.calculatedInteger("over")).isNull();
        assertThat(fields.calculatedInteger("fraction")).isNull();
        assertThat(fields.calculatedInteger("text")).isNull();
        assertThat(fields.calculatedText("risk_band")).isEqualTo("B");
        assertThat(fields.calculatedText("list")).isNull();
        assertThat(fields.calculated().get("score")).isEqualTo(412);
    }

    @Test
    void should_read_traits_as_text_skipping_what_is_no_trait() {
        EventFields fields = details(Map.of("calculated", Map.of("traits", List.of(
                Map.of("key", "openness", "value", 58, "risk_band", "C"), "noise", Map.of("key", "integrity")))));

        assertThat(fields.traits()).containsExactly(new EventFields.Trait("openness", "58", "C"),
                new EventFields.Trait("integrity", null, null));
        assertThat(details(Map.of("calculated", Map.of("traits", "none"))).traits()).isEmpty();
    }

    @Test
    void should_read_an_event_without_details_as_empty() {
        for (EventFields empty : new EventFields[] {new EventFields(null), new EventFields(Map.of()),
            new EventFields(Map.of("event", "text")), new EventFields(Map.of("event", Map.of("details", List.of())))}) {
            assertThat(empty.epochSeconds("scored_at")).isNull();
            assertThat(empty.text("platform")).isNull();
            assertThat(empty.calculated()).isNull();
            assertThat(empty.calculatedInteger("score")).isNull();
            assertThat(empty.calculatedText("risk_band")).isNull();
            assertThat(empty.traits()).isEmpty();
            assertThat(empty.reasons()).isNull();
        }
    }

    @Test
    void should_name_only_the_score_kinds_and_journeys_a_route_can_write() {
        assertThat(ScoreKind.named("psychometric")).isEqualTo(ScoreKind.PSYCHOMETRIC);
        assertThat(ScoreKind.named("android")).isEqualTo(ScoreKind.ANDROID);
        assertThat(ScoreKind.named("ios")).isEqualTo(ScoreKind.IOS);
        assertThatThrownBy(() -> ScoreKind.named("Android"))
                .hasMessage("The score kinds are psychometric, android and ios, not 'Android'");
        assertThat(new Journey("c".repeat(32), "a").status()).hasSize(32);
        assertThatThrownBy(() -> new Journey("c".repeat(33), "application_completed_at"))
                .hasMessageStartingWith("A journey status is 1 to 32 characters");
        assertThatThrownBy(() -> new Journey(" ", "application_completed_at"))
                .hasMessageStartingWith("A journey status is 1 to 32 characters");
        assertThatThrownBy(() -> new Journey(null, "application_completed_at"))
                .hasMessageStartingWith("A journey status is 1 to 32 characters");
        assertThat(new Journey("done", "a" + "b".repeat(63)).timeField()).hasSize(64);
        for (String field : new String[] {null, "", "Completed_at", "1at", "a-b", "a" + "b".repeat(64)}) {
            assertThatThrownBy(() -> new Journey("completed", field)).as(field)
                    .hasMessageStartingWith("A journey's time field is an event field name");
        }
    }

    private static EventFields details(Map<String, Object> details) {
        return new EventFields(Map.of("event", Map.of("details", details)));
    }
}
