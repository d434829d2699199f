package beginibridge.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The log set up in code: one writer thread, the chosen format, secret-printing loggers pinned whatever the level. */
class BridgeLogConfiguratorTest {

    private final LoggerContext context = new LoggerContext();

    BridgeLogConfiguratorTest() {
        context.setMDCAdapter(new LogbackMDCAdapter()); // as Logback's own start does
    }

    @AfterEach
    void clear() {
        System.clearProperty("LOG_LEVEL");
        System.clearProperty("LOG_FORMAT");
        System.clearProperty("logback.configurationFile");
        context.stop();
    }

    @Test
    void should_keep_the_secret_printing_loggers_at_info_when_the_root_is_raised() {
        System.setProperty("LOG_LEVEL", "TRACE");

        assertThat(configure()).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);

        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.TRACE);
        assertThat(BridgeLogConfigurator.PINNED_AT_INFO).isNotEmpty().allSatisfy(name ->
                assertThat(context.getLogger(name + ".Child").getEffectiveLevel()).isEqualTo(Level.INFO));
        assertThat(context.getLogger("com.zaxxer.hikari.pool").getEffectiveLevel()).isEqualTo(Level.WARN);
    }

    @Test
    void should_write_text_lines_through_one_queue_with_recurring_stack_traces_counted() {
        configure();

        AsyncAppender async = (AsyncAppender) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("async");
        assertThat(async.isStarted()).isTrue();
        assertThat(async.getQueueSize()).isEqualTo(8192);
        assertThat(async.isNeverBlock()).isFalse();
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.INFO);
        Encoder<ILoggingEvent> text = console(async, "text").getEncoder();
        String unique = "configured-" + System.nanoTime();
        String first = new String(text.encode(failed(unique)));
        String second = new String(text.encode(failed(unique)));

        assertThat(first).contains(" ERROR [main] beginibridge.test - it failed")
                .contains("IllegalStateException: " + unique).contains("\tat ");
        assertThat(second).doesNotContain("\tat ").contains("seen 2 times");
    }

    @Test
    void should_write_json_lines_when_log_format_says_so() {
        System.setProperty("LOG_FORMAT", "json");

        configure();

        AsyncAppender async = (AsyncAppender) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("async");
        String line = new String(console(async, "json").getEncoder().encode(failed("json-" + System.nanoTime())));
        assertThat(line).startsWith("{").contains("\"logger\":\"beginibridge.test\"").contains("\"stack_trace\"");
    }

    @Test
    void should_leave_a_configuration_file_named_on_the_command_line_to_logback() {
        System.setProperty("logback.configurationFile", "elsewhere.xml");

        assertThat(configure()).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);

        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext()).isFalse();
    }

    private ExecutionStatus configure() {
        BridgeLogConfigurator configurator = new BridgeLogConfigurator();
        configurator.setContext(context);
        return configurator.configure(context);
    }

    @SuppressWarnings("unchecked")
    private static ConsoleAppender<ILoggingEvent> console(AsyncAppender async, String name) {
        ConsoleAppender<ILoggingEvent> console = (ConsoleAppender<ILoggingEvent>) async.getAppender(name);
        assertThat(console).as("the %s appender behind the queue", name).isNotNull();
        assertThat(console.isStarted()).isTrue();
        return console;
    }

    private LoggingEvent failed(String message) {
        LoggingEvent event = new LoggingEvent("beginibridge.test", context.getLogger("beginibridge.test"), Level.ERROR,
                "it failed", new IllegalStateException(message), null);
        event.setThreadName("main");
        return event;
    }
}
