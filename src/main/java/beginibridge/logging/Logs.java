package beginibridge.logging;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/** Lines still queued for the log's writer thread (logback.xml, async) are written before the process exits. */
public final class Logs {

    private Logs() {
    }

    public static void flush() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.stop();
        }
    }
}
