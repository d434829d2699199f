package beginibridge.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Drops Camel's own report of a failed start (ERROR with the whole stack trace): the bridge's entry point reports the
 * same failure in one line, and the stack trace at DEBUG.
 */
public final class CamelStartFailureFilter extends TurboFilter {

    private static final String CONTEXT_LOGGER = "org.apache.camel.impl.engine.AbstractCamelContext";

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
            Throwable t) {
        boolean camelsReport = level == Level.ERROR && CONTEXT_LOGGER.equals(logger.getName()) && format != null
                && format.startsWith("Error starting CamelContext");
        return camelsReport ? FilterReply.DENY : FilterReply.NEUTRAL;
    }
}
