package beginibridge.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A peak run: wrk (closed model: each connection sends its next request when the previous is answered) pinned to
 * the generator's core, cycling through a pre-signed pool. Its requests/s is the target's peak; its latencies are
 * not the acknowledgement latency (a closed model hides queueing), which the open-model runs measure.
 */
final class Wrk {

    private Wrk() {
    }

    static void run(Map<String, String> a) throws Exception {
        long pid = Long.parseLong(a.getOrDefault("pid", "-1"));
        List<String> command = new ArrayList<>(List.of("taskset", "-c", a.getOrDefault("cpu", "0"), "wrk", "-t1",
                "-c" + a.getOrDefault("connections", "64"), "-d" + a.get("seconds") + "s", "--timeout", "10s",
                "-s", a.get("lua"), "http://127.0.0.1:" + a.get("port") + Bench.PATH, "--", a.get("file"),
                Bench.PATH));
        long serverBefore = Proc.cpuMicros(pid);
        var jitBefore = Proc.jitThreadsCpuMicros(pid);
        long childrenBefore = Proc.childrenCpuMicros();
        Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
        String json = null;
        StringBuilder output = new StringBuilder();
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(wrk.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                output.append(line).append('\n');
                if (line.startsWith("WRK_JSON ")) {
                    json = line.substring(9);
                }
            }
        }
        int exit = wrk.waitFor();
        long serverAfter = Proc.cpuMicros(pid);
        long jitCpu = Proc.jitCpuMicrosBetween(jitBefore, Proc.jitThreadsCpuMicros(pid));
        long serverCpu = serverBefore < 0 || serverAfter < 0 ? -1 : serverAfter - serverBefore;
        long wrkCpu = Proc.childrenCpuMicros() - childrenBefore;
        if (exit != 0 || json == null) {
            throw new IllegalStateException("wrk failed (" + exit + "):\n" + output);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> w = Bench.JSON.readValue(json, Map.class);
        double seconds = ((Number) w.get("duration_us")).doubleValue() / 1e6;
        long requests = ((Number) w.get("requests")).longValue();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", "peak");
        Bench.labels(a, out);
        out.put("requests", requests);
        out.put("requests_per_s", requests / seconds);
        out.put("non2xx", w.get("non2xx"));
        out.put("socket_errors", ((Number) w.get("connect_errors")).longValue()
                + ((Number) w.get("read_errors")).longValue() + ((Number) w.get("write_errors")).longValue()
                + ((Number) w.get("timeouts")).longValue());
        try (var lines = java.nio.file.Files.lines(java.nio.file.Path.of(a.get("file")))) {
            out.put("pool", lines.count());
        }
        out.put("closed_loop_p50_ms", w.get("p50_ms"));
        out.put("closed_loop_p99_ms", w.get("p99_ms"));
        out.put("server_cpu_us_per_request", serverCpu >= 0 ? (double) serverCpu / Math.max(1, requests) : null);
        out.put("server_cpu_share", serverCpu >= 0 ? serverCpu / 1e6 / seconds : null);
        // of which the JIT compiler threads: a warm-up cost that varies from run to run
        out.put("server_jit_cpu_us_per_request", serverCpu >= 0 ? (double) jitCpu / Math.max(1, requests) : null);
        out.put("generator_cpu_share", wrkCpu / 1e6 / seconds);
        out.put("server_rss_mb", pid > 0 ? Proc.statusKb(pid, "VmRSS") / 1024.0 : null);
        out.put("server_hwm_mb", pid > 0 ? Proc.statusKb(pid, "VmHWM") / 1024.0 : null);
        Bench.write(a, out);
        System.out.printf("%s %s %s: %.0f req/s, non-2xx %s, server %.0f us/req (JIT %.0f), wrk cpu %.0f%%%n",
                a.get("target"), a.get("db"), a.get("phase"), requests / seconds, w.get("non2xx"),
                pid > 0 ? (double) serverCpu / Math.max(1, requests) : 0.0,
                pid > 0 ? (double) jitCpu / Math.max(1, requests) : 0.0, 100 * wrkCpu / 1e6 / seconds);
    }
}
