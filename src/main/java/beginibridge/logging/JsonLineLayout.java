package beginibridge.logging;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;

import beginibridge.json.JsonStrings;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;

/**
 * LOG_FORMAT=json: one JSON object per line with the keys log collectors expect (README, Logging): an ISO-8601 UTC
 * {@code timestamp}, {@code level}, {@code logger}, {@code thread}, {@code message}, then each MDC entry (event_id,
 * delivery_id, destination, outcome, attempt, uid_hash) as a field of its own, and {@code stack_trace} when there is
 * one (a recurring one in full only once).
 */
public final class JsonLineLayout extends LayoutBase<ILoggingEvent> {

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(256).append('{');
        field(line, "timestamp", TIMESTAMP.format(Instant.ofEpochMilli(event.getTimeStamp())));
        field(line, "level", event.getLevel().toString());
        field(line, "logger", event.getLoggerName());
        field(line, "thread", event.getThreadName());
        field(line, "message", event.getFormattedMessage());
        Map<String, String> mdc = event.getMDCPropertyMap();
        if (mdc != null) {
            new TreeMap<>(mdc).forEach((key, value) -> field(line, key, value));
        }
        if (event.getThrowableProxy() != null) {
            field(line, "stack_trace", RepeatedStackTraces.of(event.getThrowableProxy()));
        }
        return line.append('}').append(CoreConstants.LINE_SEPARATOR).toString();
    }

    private static void field(StringBuilder line, String key, String value) {
        if (line.length() > 1) {
            line.append(',');
        }
        line.append('"').append(JsonStrings.escape(key)).append("\":\"")
                .append(JsonStrings.escape(value == null ? "" : value)).append('"');
    }
}
