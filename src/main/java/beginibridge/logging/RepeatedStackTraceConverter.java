package beginibridge.logging;

import ch.qos.logback.classic.pattern.ThrowableHandlingConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.CoreConstants;

/** The text log's stack traces ({@code %repeatedEx} in BridgeLogConfigurator), each recurring one in full only once. */
public final class RepeatedStackTraceConverter extends ThrowableHandlingConverter {

    @Override
    public String convert(ILoggingEvent event) {
        if (event.getThrowableProxy() == null) {
            return CoreConstants.EMPTY_STRING;
        }
        String trace = RepeatedStackTraces.of(event.getThrowableProxy());
        return trace.endsWith(CoreConstants.LINE_SEPARATOR) ? trace : trace + CoreConstants.LINE_SEPARATOR;
    }
}
