package beginibridge.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/** What Linux says about a process: CPU time (utime + stime) and memory (VmRSS, VmHWM). */
final class Proc {

    /** USER_HZ, 100 on every Linux this runs on (getconf CLK_TCK). */
    static final long TICKS_PER_SECOND = 100;

    private Proc() {
    }

    /** CPU time of the process in microseconds; -1 when there is no such process. */
    static long cpuMicros(long pid) {
        return ticks(pid, 13, 14) * 1_000_000 / TICKS_PER_SECOND;
    }

    /**
     * CPU time in microseconds of each JIT compiler thread of a JVM (threads named "C1 CompilerThread..." or "C2
     * CompilerThread..."), by thread id: compiling is a warm-up cost, not a cost of each request, yet it is part of the
     * process's CPU time and varies from run to run. Empty when there is no such process.
     */
    static Map<Long, Long> jitThreadsCpuMicros(long pid) {
        Map<Long, Long> byThread = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            tasks.forEach(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (name.matches("C[12] CompilerThre.*")) {
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                        byThread.put(Long.parseLong(task.getFileName().toString()), ticks * 1_000_000 / TICKS_PER_SECOND);
                    }
                } catch (IOException | RuntimeException gone) {
                    // the thread ended meanwhile
                }
            });
        } catch (IOException | RuntimeException e) {
            // no such process
        }
        return byThread;
    }

    /**
     * The JIT compiler threads' CPU between two {@link #jitThreadsCpuMicros} snapshots; a compiler thread that ended
     * in between is not counted (the JVM stops idle ones), so this is a lower bound.
     */
    static long jitCpuMicrosBetween(Map<Long, Long> before, Map<Long, Long> after) {
        long sum = 0;
        for (Map.Entry<Long, Long> thread : after.entrySet()) {
            sum += thread.getValue() - before.getOrDefault(thread.getKey(), 0L);
        }
        return sum;
    }

    /** CPU time of this process's reaped children in microseconds (cutime + cstime). */
    static long childrenCpuMicros() {
        return ticks(ProcessHandle.current().pid(), 15, 16) * 1_000_000 / TICKS_PER_SECOND;
    }

    private static long ticks(long pid, int first, int second) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // the command name may hold spaces; fields are counted after its closing parenthesis
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[first - 2]) + Long.parseLong(fields[second - 2]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** A line of /proc/pid/status in kB, e.g. VmRSS; -1 when unknown. */
    static long statusKb(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return -1;
    }
}
