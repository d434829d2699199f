package beginibridge.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
