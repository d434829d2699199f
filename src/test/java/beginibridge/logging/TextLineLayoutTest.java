package beginibridge.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;

/** The text line written in code is the line Logback's pattern wrote before, character for character. */
class TextLineLayoutTest {

    private final LoggerContext context = new LoggerContext();
    private final TextLineLayout text = new TextLineLayout();
    private final PatternLayout pattern = new PatternLayout();

    TextLineLayoutTest() {
        text.setContext(context);
        text.start();
        pattern.setContext(context);
        pattern.setPattern("%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n%nopex"); // the trace: below
        pattern.start();
    }

    @Test
    void should_write_what_the_pattern_wrote_for_every_level_and_logger_name() {
        for (Level level : List.of(Level.TRACE, Level.DEBUG, Level.INFO, Level.WARN, Level.ERROR)) {
            for (String logger : List.of("beginibridge.BridgeStartup", "ROOT",
                    "org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer")) {
                LoggingEvent event = event(logger, level, null);

                assertThat(text.doLayout(event)).isEqualTo(pattern.doLayout(event));
            }
        }
    }

    @Test
    void should_follow_the_line_with_its_stack_trace() {
        String unique = "text-cause-" + System.nanoTime();
        LoggingEvent event = event("beginibridge.test", Level.ERROR, new IllegalStateException(unique));

        String line = text.doLayout(event);

        assertThat(line).startsWith(pattern.doLayout(event))
                .contains("java.lang.IllegalStateException: " + unique).contains("\tat ");
        assertThat(text.doLayout(event)).isEqualTo(pattern.doLayout(event) + "java.lang.IllegalStateException (stack"
                + " trace as logged the first time; seen 2 times)" + System.lineSeparator());
    }

    private LoggingEvent event(String logger, Level level, Throwable failure) {
        LoggingEvent event = new LoggingEvent(logger, context.getLogger(logger), level, "delivery {} of {}: done",
                failure, new Object[] {"5b0c", "database"});
        event.setThreadName("Camel (begini-bridge) thread #7 - seda://deliver-database");
        return event;
    }
}
