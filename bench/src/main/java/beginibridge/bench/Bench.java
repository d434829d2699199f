package beginibridge.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.HdrHistogram.Histogram;

/**
 * The benchmark's command line, driven by bench/run. The API key comes from the environment (BENCH_API_KEY),
 * never from the command line.
 * <pre>
 *   e0 --port=P                                   bare Vert.x, 200 and no work
 *   b1 --port=P --db-url=U [--db-user --db-password --pool-size]   bare Vert.x doing the intake's work by hand
 *   sinks --crm-port=P --smtp-port=Q [--pg-proxy-port=R --pg-host=H --pg-port=N]   CRM stub and SMTP sink for
 *                                                 the full pipeline, and a counting proxy in front of PostgreSQL
 *   wrk-file --seed=S --count=N --out=F           signed request pool, one "signature body" line each, for wrk
 *   load --port=P --rate=R --seconds=T --seed=S --pid=SERVER --out=F.json [--label ...]   open-model run
 *   wrk --port=P --pid=SERVER --file=F --lua=L --seconds=T --connections=C --out=F.json   peak run (closed)
 *   pipeline --db-url=U --out=F.json [--sent-at-rate ...]   delivered events/s and receipt-to-delivery lag
 *   field --file=F.json --name=N                  prints one field of a result
 *   report --results=DIR --out=REPORT.md
 * </pre>
 */
public final class Bench {

    static final String INTEGRATION = "00000000000000000001";
    static final String PATH = "/webhooks/begini";
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Bench() {
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> a = options(argv);
        switch (argv[0]) {
            case "e0" -> BareServers.e0(integer(a, "port"));
            case "b1" -> BareServers.b1(integer(a, "port"),
                    Bench.INTEGRATION + "=" + new String(key(), StandardCharsets.UTF_8), a.get("db-url"),
                    a.getOrDefault("db-user", ""), a.getOrDefault("db-password", ""),
                    Integer.parseInt(a.getOrDefault("pool-size", "20")));
            case "sinks" -> Sinks.start(integer(a, "crm-port"), integer(a, "smtp-port"),
                    Integer.parseInt(a.getOrDefault("pg-proxy-port", "0")), a.getOrDefault("pg-host", "127.0.0.1"),
                    Integer.parseInt(a.getOrDefault("pg-port", "5432")));
            case "wrk-file" -> wrkFile(a);
            case "load" -> load(a);
            case "wrk" -> Wrk.run(a);
            case "pipeline" -> pipeline(a);
            case "field" -> System.out.println(JSON.readTree(Path.of(a.get("file")).toFile()).path(a.get("name"))
                    .asText());
            case "report" -> Report.write(Path.of(a.get("results")), Path.of(a.get("out")));
            default -> throw new IllegalArgumentException("unknown command " + argv[0]);
        }
    }

    static Map<String, String> options(String[] argv) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i < argv.length; i++) {
            String arg = argv[i];
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("expected --name=value, got " + arg);
            }
            options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        return options;
    }

    static int integer(Map<String, String> a, String name) {
        return Integer.parseInt(a.get(name));
    }

    static byte[] key() {
        String key = System.getenv("BENCH_API_KEY");
        if (key == null || key.isBlank()) {
            throw new IllegalStateException("BENCH_API_KEY is not set");
        }
        return key.getBytes(StandardCharsets.UTF_8);
    }

    static void wrkFile(Map<String, String> a) throws IOException {
        List<Bodies.Request> pool = Bodies.pool(a.get("seed"), integer(a, "count"), INTEGRATION, key());
        try (BufferedWriter out = Files.newBufferedWriter(Path.of(a.get("out")), StandardCharsets.UTF_8)) {
            for (Bodies.Request request : pool) {
                out.write(request.signature());
                out.write(' ');
                out.write(new String(request.body(), StandardCharsets.UTF_8));
                out.write('\n');
            }
        }
    }

    static void load(Map<String, String> a) throws Exception {
        double rate = Double.parseDouble(a.get("rate"));
        double seconds = Double.parseDouble(a.get("seconds"));
        long pid = Long.parseLong(a.getOrDefault("pid", "-1"));
        int count = (int) Math.round(rate * seconds);
        List<Bodies.Request> pool = Bodies.pool(a.get("seed"), count, INTEGRATION, key());
        double warmSeconds = Double.parseDouble(a.getOrDefault("warmup-seconds", "2"));
        List<Bodies.Request> warmup = Bodies.pool(a.get("seed") + "w", (int) Math.round(rate * warmSeconds),
                INTEGRATION, key());
        long bytes = pool.stream().mapToLong(r -> r.body().length).sum();
        Map<Bodies.Expect, Long> expected = new LinkedHashMap<>();
        pool.forEach(r -> expected.merge(r.expect(), 1L, Long::sum));

        Load.Result result = Load.run("127.0.0.1", integer(a, "port"), a.getOrDefault("path", PATH), warmup, pool,
                rate, pid,
                Long.parseLong(a.getOrDefault("timeout-ms", "10000")),
                Integer.parseInt(a.getOrDefault("connections", "256")),
                // below the bridge's http.idle-timeout (10 s): see Load
                Integer.parseInt(a.getOrDefault("keep-alive-seconds", "5")));
        long serverCpu = result.serverCpuMicros();

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", "load");
        labels(a, out);
        out.put("rate_target", rate);
        out.put("rate_sent", result.sent() / result.seconds());
        out.put("sent", result.sent());
        out.put("completed", result.completed());
        out.put("answers", result.answers());
        out.put("expected", expected);
        out.put("mismatches", result.mismatches());
        out.put("errors", result.errors());
        out.put("timeouts", result.timeouts());
        out.put("connections_opened", result.connectionsOpened());
        Histogram closed = result.closedAfterIdleMillis();
        out.put("closed_on_send", closed.getTotalCount());
        out.put("closed_on_send_idle_ms", closed.getTotalCount() == 0 ? null
                : Map.of("min", closed.getMinValue(), "p50", closed.getValueAtPercentile(50),
                        "max", closed.getMaxValue()));
        out.put("mean_body_bytes", bytes / Math.max(1, pool.size()));
        Histogram h = result.latencyMicros();
        out.put("latency_ms", Map.of("p50", h.getValueAtPercentile(50) / 1000.0,
                "p99", h.getValueAtPercentile(99) / 1000.0, "p999", h.getValueAtPercentile(99.9) / 1000.0,
                "max", h.getMaxValue() / 1000.0, "mean", h.getMean() / 1000.0));
        out.put("max_scheduler_lag_ms", result.maxSchedulerLagMs());
        out.put("generator_cpu_ms", result.generatorCpuMicros() / 1000.0);
        out.put("generator_cpu_share", result.generatorCpuMicros() / 1e6 / result.seconds());
        boolean cpu = pid > 0 && serverCpu >= 0;
        out.put("server_cpu_us_per_request", cpu ? (double) serverCpu / Math.max(1, result.completed()) : null);
        out.put("server_cpu_share", cpu ? serverCpu / 1e6 / result.seconds() : null);
        out.put("server_rss_mb", pid > 0 ? Proc.statusKb(pid, "VmRSS") / 1024.0 : null);
        out.put("server_hwm_mb", pid > 0 ? Proc.statusKb(pid, "VmHWM") / 1024.0 : null);
        write(a, out);
        System.out.printf("%s %s %s rate %.0f/s: p50 %.2f ms p99 %.2f ms p99.9 %.2f ms, %s, errors %d, timeouts %d,"
                        + " connections %d, closed on send %d (idle before: %s ms)%n",
                a.get("target"), a.get("db"), a.get("phase"), rate, h.getValueAtPercentile(50) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0, h.getValueAtPercentile(99.9) / 1000.0, result.answers(),
                result.errors(), result.timeouts(), result.connectionsOpened(), closed.getTotalCount(),
                closed.getTotalCount() == 0 ? "-" : closed.getMinValue() + "-" + closed.getMaxValue());
    }

    /**
     * The full pipeline's figures from the inbox and delivery tables (the bridge stopped, or still running on
     * PostgreSQL): an event counts as delivered once every delivery created for it is done; its lag is the last
     * delivery's completion minus its receipt.
     */
    static void pipeline(Map<String, String> a) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", "pipeline");
        labels(a, out);
        Map<String, Long> deliveries = new LinkedHashMap<>();
        Histogram lag = new Histogram(3);
        long events = 0;
        long delivered = 0;
        double first = Double.MAX_VALUE;
        double last = 0;
        // only the events of the measured load: those received from --since (epoch ms) on, not the warm-up's
        java.time.OffsetDateTime since = java.time.Instant.ofEpochMilli(Long.parseLong(a.getOrDefault("since", "0")))
                .atOffset(java.time.ZoneOffset.UTC);
        try (Connection c = DriverManager.getConnection(a.get("db-url"), a.getOrDefault("db-user", ""),
                a.getOrDefault("db-password", ""))) {
            try (PreparedStatement s = c.prepareStatement("SELECT d.destination, d.status, COUNT(*)"
                    + " FROM begini_delivery d JOIN begini_event e ON e.id = d.event_id WHERE e.received_at >= ?"
                    + " GROUP BY d.destination, d.status ORDER BY d.destination, d.status")) {
                s.setObject(1, since);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        deliveries.put(r.getString(1) + " " + r.getString(2), r.getLong(3));
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM begini_event"
                    + " WHERE status <> 'quarantined' AND received_at >= ?")) {
                s.setObject(1, since);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    events = r.getLong(1);
                }
            }
            try (PreparedStatement s = c.prepareStatement("SELECT e.received_at, MAX(d.updated_at),"
                    + " SUM(CASE WHEN d.status = 'done' THEN 0 ELSE 1 END), COUNT(*)"
                    + " FROM begini_event e JOIN begini_delivery d ON d.event_id = e.id WHERE e.received_at >= ?"
                    + " GROUP BY e.id, e.received_at")) {
                s.setObject(1, since);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        if (r.getLong(3) != 0) {
                            continue;
                        }
                        double received = epochMillis(r.getObject(1, java.time.OffsetDateTime.class));
                        double done = epochMillis(r.getObject(2, java.time.OffsetDateTime.class));
                        delivered++;
                        first = Math.min(first, received);
                        last = Math.max(last, done);
                        lag.recordValue(Math.max(0, Math.round(done - received)));
                    }
                }
            }
        }
        if (a.containsKey("server-cpu-ms") && events > 0) {
            out.put("server_cpu_ms_per_event", Double.parseDouble(a.get("server-cpu-ms")) / events);
        }
        if (a.containsKey("pg-cpu-ms") && Double.parseDouble(a.get("pg-cpu-ms")) >= 0 && events > 0) {
            out.put("pg_cpu_ms_per_event", Double.parseDouble(a.get("pg-cpu-ms")) / events);
        }
        if (a.containsKey("pg-wal-syncs") && Double.parseDouble(a.get("pg-wal-syncs")) >= 0 && events > 0) {
            out.put("pg_wal_syncs_per_event", Double.parseDouble(a.get("pg-wal-syncs")) / events);
        }
        for (String count : List.of("pg-round-trips", "pg-statements", "pg-commits", "pg-flush-waiting-commits")) {
            if (a.containsKey(count) && Double.parseDouble(a.get(count)) >= 0 && events > 0) {
                out.put(count.replace('-', '_') + "_per_event", Double.parseDouble(a.get(count)) / events);
            }
        }
        if (a.containsKey("threads-before") && a.containsKey("threads-after")) {
            out.put("thread_cpu_s", threadCpu(Path.of(a.get("threads-before")), Path.of(a.get("threads-after"))));
        }
        if (a.containsKey("jfr") && Files.size(Path.of(a.get("jfr"))) > 0) {
            out.put("profile", Profile.of(Path.of(a.get("jfr"))));
        }
        if (a.containsKey("load")) {
            JsonNode load = JSON.readTree(Path.of(a.get("load")).toFile());
            out.put("offered_rate", load.path("rate_target").asDouble());
            out.put("ack_p99_ms", load.path("latency_ms").path("p99").asDouble());
            out.put("ack_answers", load.path("answers"));
        }
        out.put("sinks", a.getOrDefault("sinks", "?"));
        out.put("events", events);
        out.put("delivered_events", delivered);
        out.put("deliveries", deliveries);
        double span = (last - first) / 1000.0;
        out.put("span_s", span);
        out.put("delivered_per_s", delivered > 0 && span > 0 ? delivered / span : 0);
        out.put("lag_ms", Map.of("p50", lag.getValueAtPercentile(50), "p99", lag.getValueAtPercentile(99),
                "max", lag.getMaxValue()));
        write(a, out);
        System.out.println("pipeline " + a.get("db") + " " + a.get("phase") + ": " + delivered + "/" + events
                + " events delivered, " + String.format("%.0f", delivered / Math.max(span, 1e-9)) + "/s, lag p99 "
                + lag.getValueAtPercentile(99) + " ms, deliveries " + deliveries);
    }

    /**
     * CPU seconds per group of the server's threads between two {@code jcmd <pid> Thread.print} dumps (each thread's
     * {@code cpu=} figure; threads numbered alike grouped, as in "seda://deliver-crm" workers or "C2 CompilerThread"),
     * largest first. Threads that ended between the dumps are not in it.
     */
    static Map<String, Double> threadCpu(Path before, Path after) throws IOException {
        Map<String, Double> start = threadCpu(Files.readString(before));
        Map<String, Double> groups = new LinkedHashMap<>();
        threadCpu(Files.readString(after)).forEach((thread, ms) -> groups.merge(
                thread.replaceAll(" #\\d*$", "").replace("Camel (camel-1) thread #", "Camel thread #")
                        .replaceAll("\\d+", "N"),
                (ms - start.getOrDefault(thread, 0.0)) / 1000.0, Double::sum));
        Map<String, Double> sorted = new LinkedHashMap<>();
        groups.entrySet().stream().filter(e -> e.getValue() >= 0.005)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), Math.round(e.getValue() * 100) / 100.0));
        return sorted;
    }

    private static Map<String, Double> threadCpu(String dump) {
        Map<String, Double> cpu = new LinkedHashMap<>();
        // names repeat (the webhook and the management servers each have a vert.x-eventloop-thread-0): keyed by id too
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\"([^\"]*)\"(?: #(\\d+))?.*?cpu=([\\d.]+)ms",
                java.util.regex.Pattern.MULTILINE).matcher(dump);
        while (m.find()) {
            cpu.put(m.group(1) + " #" + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)));
        }
        return cpu;
    }

    private static double epochMillis(java.time.OffsetDateTime t) {
        return t.toInstant().toEpochMilli() + (t.getNano() % 1_000_000) / 1e6;
    }

    static void labels(Map<String, String> a, Map<String, Object> out) {
        for (String label : List.of("target", "db", "phase", "repeat")) {
            if (a.containsKey(label)) {
                out.put(label, a.get(label));
            }
        }
    }

    static void write(Map<String, String> a, Map<String, Object> out) throws IOException {
        Files.writeString(Path.of(a.get("out")), JSON.writeValueAsString(out));
    }

    static List<String> list(String... items) {
        return new ArrayList<>(List.of(items));
    }
}
