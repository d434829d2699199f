package beginibridge.logging;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import ch.qos.logback.classic.pattern.TargetLengthBasedClassNameAbbreviator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;

/**
 * The text log's lines, as {@code %d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n%repeatedEx} would write
 * them, without Logback's PatternLayout: its pattern language registers some sixty converters as it loads, a tenth of
 * a start for the five this line needs.
 */
public final class TextLineLayout extends LayoutBase<ILoggingEvent> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    private static final int LEVEL_WIDTH = 5;

    private final ZoneId zone = ZoneId.systemDefault();
    private final TargetLengthBasedClassNameAbbreviator loggerName = new TargetLengthBasedClassNameAbbreviator(36);
    private final RepeatedStackTraceConverter stackTrace = new RepeatedStackTraceConverter();

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(128);
        TIME.formatTo(Instant.ofEpochMilli(event.getTimeStamp()).atZone(zone), line);
        line.append(' ');
        String level = event.getLevel().toString();
        line.append(level).append(" ".repeat(Math.max(0, LEVEL_WIDTH - level.length())));
        line.append(" [").append(event.getThreadName()).append("] ");
        line.append(loggerName.abbreviate(event.getLoggerName())).append(" - ");
        line.append(event.getFormattedMessage()).append(CoreConstants.LINE_SEPARATOR);
        return line.append(stackTrace.convert(event)).toString();
    }
}
