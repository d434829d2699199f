package beginibridge.logging;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/** Lines still queued for the log's writer thread (BridgeLogConfigurator, async) are written before the process exits. */
public final class Logs {

    /** The thread of Camel's shutdown hook, which logs its last line once the bridge has stopped. */
    private static final String CAMEL_SHUTDOWN_HOOK = "CamelHangupInterceptor";
    private static final long HOOK_WAIT_MILLIS = 5000;

    private Logs() {
    }

    /**
     * After the bridge has stopped: Camel's shutdown hook (on SIGTERM) still logs a line after the entry point regains
     * control, so it is given a few seconds to end before the log is closed.
     */
    public static void flushAfterShutdownHook() throws InterruptedException {
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().contains(CAMEL_SHUTDOWN_HOOK)) {
                thread.join(HOOK_WAIT_MILLIS);
            }
        }
        flush();
    }

    /** Writes out what is queued and closes the log: nothing logged afterwards is written. */
    public static void flush() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.stop();
        }
    }
}
