package beginibridge.logging;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/** Lines still queued for the log's writer thread (BridgeLogConfigurator, async) are written before the process exits. */
public final class Logs {

    /** The thread of Camel's shutdown hook, which logs its last line once the bridge has stopped. */
    private static final String CAMEL_SHUTDOWN_HOOK = "CamelHangupInterceptor";
    private static final long HOOK_WAIT_MILLIS = 5000;
    /** How long the JVM's shutdown waits for the entry point to write out the log (the bridge's stop included). */
    private static final long ENTRY_POINT_WAIT_SECONDS = 30;
    /** Open until the log has been written out and closed. */
    private static final CountDownLatch FLUSHED = new CountDownLatch(1);

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

    /**
     * On SIGTERM the JVM halts as soon as its shutdown hooks have ended, whatever the entry point is doing: without a
     * hook of its own that waits until the entry point has written out the queue, the last lines (Camel's "is
     * shutdown" among them) could be lost with the process. Registered once at start.
     */
    public static void flushAtJvmShutdown() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                // the entry point flushes once the bridge has stopped; this hook only keeps the JVM alive until then
                if (!FLUSHED.await(ENTRY_POINT_WAIT_SECONDS, TimeUnit.SECONDS)) {
                    flush();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                flush();
            }
        }, "log-flush-at-shutdown"));
    }

    /** Writes out what is queued and closes the log: nothing logged afterwards is written. */
    public static void flush() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.stop();
        }
        FLUSHED.countDown();
    }
}
