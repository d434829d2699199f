package beginibridge.logging;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;

/**
 * One recurring cause (a destination down, a database away) is logged with its stack trace once; later lines with the
 * same cause say how often it has been seen instead of repeating dozens of lines every second.
 */
final class RepeatedStackTraces {

    /** Causes remembered at most; past it, all are forgotten and each is printed in full once more. */
    private static final int REMEMBERED = 1000;
    private static final Map<String, AtomicLong> SEEN = new ConcurrentHashMap<>();

    private RepeatedStackTraces() {
    }

    /** The stack trace to print for {@code thrown}: in full the first time, else one line with the count. */
    static String of(IThrowableProxy thrown) {
        if (SEEN.size() >= REMEMBERED) {
            SEEN.clear();
        }
        long times = SEEN.computeIfAbsent(cause(thrown), key -> new AtomicLong()).incrementAndGet();
        if (times == 1) {
            return ThrowableProxyUtil.asString(thrown);
        }
        return thrown.getClassName() + " (stack trace as logged the first time; seen " + times + " times)";
    }

    /** The same cause: the same exception class, message and throwing frame, wrapped alike. */
    private static String cause(IThrowableProxy thrown) {
        StringBuilder key = new StringBuilder();
        for (IThrowableProxy link = thrown; link != null; link = link.getCause()) {
            StackTraceElementProxy[] frames = link.getStackTraceElementProxyArray();
            key.append(link.getClassName()).append('|').append(link.getMessage()).append('|')
                    .append(frames.length == 0 ? "" : frames[0].getSTEAsString()).append('\n');
        }
        return key.toString();
    }
}
