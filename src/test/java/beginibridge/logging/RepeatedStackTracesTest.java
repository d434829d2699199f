package beginibridge.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** One recurring cause gets its stack trace once, then a count; another cause gets its own in full. */
class RepeatedStackTracesTest {

    private final LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final RepeatedStackTraceConverter text = new RepeatedStackTraceConverter();
    private final JsonLineLayout json = new JsonLineLayout();

    @Test
    void should_print_a_recurring_stack_trace_once_then_count_it() {
        String unique = "cause-" + System.nanoTime();

        String first = text.convert(event(failure(unique)));
        String second = text.convert(event(failure(unique)));
        String other = text.convert(event(failure(unique + "-other")));

        assertThat(first).contains("java.lang.IllegalStateException: " + unique).contains("\tat ");
        assertThat(second).doesNotContain("\tat ")
                .isEqualTo("java.lang.IllegalStateException (stack trace as logged the first time; seen 2 times)"
                        + System.lineSeparator());
        assertThat(other).contains("\tat ");
    }

    @Test
    void should_write_the_stack_trace_as_a_field_of_the_json_line() throws Exception {
        String unique = "json-cause-" + System.nanoTime();

        MDC.put("event_id", "e-1");
        JsonNode first;
        try {
            first = new ObjectMapper().readTree(json.doLayout(event(failure(unique))));
        } finally {
            MDC.remove("event_id");
        }
        JsonNode again = new ObjectMapper().readTree(json.doLayout(event(failure(unique))));

        assertThat(first.get("stack_trace").asText()).contains(unique).contains("\tat ");
        assertThat(again.get("stack_trace").asText()).endsWith("seen 2 times)");
        assertThat(first.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(first.get("level").asText()).isEqualTo("ERROR");
        assertThat(first.get("logger").asText()).isEqualTo("beginibridge.test");
        assertThat(first.get("message").asText()).isEqualTo("it failed \"again\"");
        assertThat(first.get("event_id").asText()).isEqualTo("e-1");
        assertThat(again.has("event_id")).isFalse();
    }

    private static IllegalStateException failure(String message) {
        return new IllegalStateException(message);
    }

    private LoggingEvent event(Throwable thrown) {
        return new LoggingEvent("beginibridge.logging", logging.getLogger("beginibridge.test"), Level.ERROR,
                "it failed \"again\"", thrown, null);
    }
}
