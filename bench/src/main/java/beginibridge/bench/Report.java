package beginibridge.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

/** Writes REPORT.md from the result files of one run of bench/run. */
final class Report {

    private static final List<String> TARGETS = List.of("E0", "B1", "C1");
    private static final List<String> DBS = List.of("h2", "pg");
    private static final List<String> LEVELS = List.of("25", "50", "75");

    private final List<JsonNode> results = new ArrayList<>();
    private final StringBuilder md = new StringBuilder();
    /** The targets of the report this one replaces, by {@link #targetKey}, and the commit it measured. */
    private final Map<String, String> previousTargets = new LinkedHashMap<>();
    private String previousCommit;

    private Report() {
    }

    static void write(Path dir, Path out) throws IOException {
        Report report = new Report();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode node = Bench.JSON.readTree(file.toFile());
                if (node.has("kind")) {
                    report.results.add(node);
                }
            }
        }
        String machine = Files.exists(dir.resolve("machine.md")) ? Files.readString(dir.resolve("machine.md")) : "";
        JsonNode jmh = Files.exists(dir.resolve("jmh.json")) ? Bench.JSON.readTree(dir.resolve("jmh.json").toFile())
                : null;
        if (Files.exists(out)) {
            report.previous(Files.readString(out));
        }
        Files.writeString(out, report.render(machine, jmh, Files.exists(dir.resolve("QUICK"))));
    }

    /**
     * The measured column of the report being replaced, by target (numbers masked, so that a target whose threshold
     * changed still lines up), and the commit it measured: the previous run, side by side with this one.
     */
    private void previous(String report) {
        boolean inTargets = false;
        for (String text : report.split("\n")) {
            if (text.startsWith("## ")) {
                inTargets = text.equals("## Targets");
            } else if (inTargets && text.startsWith("| ") && !text.startsWith("| target |")) {
                String[] cells = text.split(" \\| ");
                if (cells.length >= 3) {
                    previousTargets.put(targetKey(cells[0].substring(2)), cells[1]);
                }
            }
            if (text.startsWith("| begini-bridge commit | ")) {
                previousCommit = text.substring("| begini-bridge commit | ".length()).replace(" |", "").trim();
            }
        }
    }

    private static String targetKey(String target) {
        return target.replaceAll("[0-9][0-9,.]*", "#");
    }

    private List<JsonNode> find(Predicate<JsonNode> test) {
        return results.stream().filter(test).toList();
    }

    private static Predicate<JsonNode> is(String kind, String target, String db, String phase) {
        return n -> n.path("kind").asText().equals(kind) && (target == null || n.path("target").asText().equals(target))
                && (db == null || n.path("db").asText().equals(db))
                && (phase == null || n.path("phase").asText().equals(phase));
    }

    private String render(String machine, JsonNode jmh, boolean quick) {
        if (quick) {
            line("# SMOKE RUN (bench/run --quick): not the benchmark's figures");
            line("");
            line("Each step ran for a few seconds and once only; the figures below show that the tool works end to");
            line("end, not what the bridge achieves. Run `bench/run` for the report of record.");
        } else {
            line("# Benchmark report");
        }
        line("");
        line("Written by `bench/run` from the raw results in `bench/results/`. E0 = bare Vert.x answering 200 with no"
                + " work; B1 = bare Vert.x doing the intake's work by hand (HMAC-SHA512, Jackson, the same INSERT via"
                + " HikariCP); C1 = begini-bridge's intake route (the packaged jar, dispatch routes excluded). The"
                + " machine is shared and has 2 cores: compare ratios measured in the same run, not absolute figures"
                + " across runs.");
        line("");
        line("C1 runs with `CAMEL_MAIN_ROUTESEXCLUDEPATTERN=**/dispatch.camel.yaml,**/to-*.camel.yaml,**/routing-table.camel.yaml`: the"
                + " dispatcher's routes, the routing table and the destinations are left out (the start refuses a"
                + " routing table naming destinations that have no route), so the intake's hand-off (a one-way send to `seda:route-event`, 1000 deep, discarding when full) has"
                + " no consumer; it fills once and then discards, and the events stay in the inbox as `received`."
                + " The enrichment route starts but receives nothing.");
        line("");
        targets();
        peaks();
        ratios();
        latency();
        answers();
        pipeline();
        startup();
        jmh(jmh);
        line("## Machine and commands");
        line("");
        md.append(machine);
        return md.toString();
    }

    // ---- targets --------------------------------------------------------------------------------------------

    private void targets() {
        line("## Targets");
        line("");
        if (previousTargets.isEmpty()) {
            line("| target | measured | met |");
            line("|---|---|---|");
        } else {
            line("| target | measured | met | previous run" + (previousCommit == null ? "" : " (" + previousCommit + ")")
                    + " |");
            line("|---|---|---|---|");
        }
        for (String db : DBS) {
            List<Double> r = ratios(db, "C1", "B1");
            if (!r.isEmpty()) {
                double median = median(r);
                // on PostgreSQL the group commit must beat B1's one commit per request
                double target = db.equals("pg") ? 1.0 : 0.85;
                row("C1/B1 ≥ " + f2(target) + " on " + name(db), f2(median) + " (median of " + r.size() + ", "
                        + f2(min(r)) + "–" + f2(max(r)) + ")", median >= target);
            }
        }
        List<JsonNode> pg50 = find(is("load", "C1", "pg", "lat50"));
        if (!pg50.isEmpty()) {
            List<Double> p99 = values(pg50, n -> n.path("latency_ms").path("p99").asDouble());
            row("ack p99 ≤ 25 ms at 50 % of B1's peak, PostgreSQL (C1)", f1(median(p99)) + " ms (median; worst "
                    + f1(max(p99)) + ")", median(p99) <= 25);
        }
        for (String db : DBS) {
            List<JsonNode> runs = new ArrayList<>();
            for (String level : LEVELS) {
                runs.addAll(find(is("load", "C1", db, "lat" + level)));
            }
            if (!runs.isEmpty()) {
                long errors = runs.stream().mapToLong(Report::failures).sum();
                row("no error up to 75 % of B1's peak, " + name(db) + " (C1)", errors + " errors/timeouts/5xx/mismatches"
                        + " in " + runs.size() + " runs", errors == 0);
            }
        }
        for (String db : DBS) {
            find(is("pipeline", "C1", db, "pipeline-peak")).forEach(n -> row("full pipeline ≥ 1,000 events/s delivered"
                    + " to all three destinations, " + name(db), f0(n.path("delivered_per_s").asDouble())
                    + " events/s (" + n.path("delivered_events").asLong() + " of " + n.path("events").asLong()
                    + " events)", n.path("delivered_per_s").asDouble() >= 1000));
            find(is("pipeline", "C1", db, "pipeline-half")).forEach(n -> row("lag p99 ≤ 1 s at half that rate, "
                    + name(db), n.path("lag_ms").path("p99").asLong() + " ms at " + f0(n.path("offered_rate").asDouble())
                    + "/s offered (" + n.path("delivered_events").asLong() + " of " + n.path("events").asLong()
                    + " events delivered)", n.path("lag_ms").path("p99").asLong() <= 1000
                    && n.path("delivered_events").asLong() == n.path("events").asLong()));
            find(is("pipeline", "C1", db, "pipeline-half")).stream().filter(n -> n.has("pg_round_trips_per_event"))
                    .forEach(n -> {
                        // per event means per event carried all the way: while deliveries are left undone, the
                        // figures would leave out the work those still need
                        boolean drained = n.path("delivered_events").asLong() == n.path("events").asLong();
                        String undrained = drained ? "" : " (not comparable: " + n.path("delivered_events").asLong()
                                + " of " + n.path("events").asLong() + " events delivered)";
                        row("≤ 5 round trips per event at " + f0(n.path("offered_rate").asDouble()) + "/s, "
                                + name(db), f1(n.path("pg_round_trips_per_event").asDouble()) + undrained,
                                drained && n.path("pg_round_trips_per_event").asDouble() <= 5);
                        if (n.has("pg_flush_waiting_commits_per_event")) {
                            row("≤ 0.5 flush-waiting commits per event at "
                                    + f0(n.path("offered_rate").asDouble()) + "/s, " + name(db),
                                    f2(n.path("pg_flush_waiting_commits_per_event").asDouble())
                                            + " (counted at the proxy; " + f2(n.path("pg_wal_syncs_per_event")
                                            .asDouble()) + " WAL flushes)" + undrained,
                                    drained && n.path("pg_flush_waiting_commits_per_event").asDouble() <= 0.5);
                        } else {
                            row("≤ 0.5 flush-waiting commits per event at "
                                    + f0(n.path("offered_rate").asDouble()) + "/s, " + name(db),
                                    f2(n.path("pg_wal_syncs_per_event").asDouble()) + " WAL flushes (an upper"
                                            + " bound: they include the WAL writer's own flushes of the commits that"
                                            + " do not wait)" + undrained,
                                    drained && n.path("pg_wal_syncs_per_event").asDouble() <= 0.5);
                        }
                    });
        }
        List<Double> rss = values(find(n -> n.path("target").asText().equals("C1") && n.has("server_hwm_mb")
                && !n.path("server_hwm_mb").isNull()), n -> n.path("server_hwm_mb").asDouble());
        if (!rss.isEmpty()) {
            row("RSS ≤ 400 MB under load (C1, peak resident VmHWM)", f0(max(rss)) + " MB (largest of "
                    + rss.size() + " runs)", max(rss) <= 400);
        }
        find(is("startup", null, null, null)).forEach(n -> {
            List<Double> ms = values(n.path("ms"));
            // AppCDS must bring the start under 2 s; a plain java -jar under 3 s
            double limit = startupVariant(n).contains("AppCDS") ? 2000 : 3000;
            row("jar startup to ready ≤ " + f0(limit / 1000) + " s, up-to-date database (" + startupVariant(n) + ")",
                    f0(median(ms)) + " ms (median of " + ms.size() + ": " + ms + ")", median(ms) <= limit);
        });
        if (md.toString().endsWith("|---|---|---|\n") || md.toString().endsWith("|---|---|---|---|\n")) {
            line("| (no results) | | |");
        }
        line("");
    }

    private static long failures(JsonNode n) {
        long fivexx = 0;
        var fields = n.path("answers").fields();
        while (fields.hasNext()) {
            var e = fields.next();
            if (e.getKey().startsWith("5") || e.getKey().startsWith("error")) {
                fivexx += e.getValue().asLong();
            }
        }
        return n.path("errors").asLong() + n.path("timeouts").asLong() + fivexx + n.path("mismatches").asLong();
    }

    private void row(String what, String measured, boolean met) {
        line("| " + what + " | " + measured + " | " + (met ? "yes" : "**no**") + " |" + (previousTargets.isEmpty() ? ""
                : " " + previousTargets.getOrDefault(targetKey(what), "–") + " |"));
    }

    // ---- peak -----------------------------------------------------------------------------------------------

    /** The median JIT share of the CPU per request, or a dash for results written before it was measured. */
    private static String jit(List<JsonNode> runs) {
        List<Double> jit = values(runs.stream().filter(n -> n.path("server_jit_cpu_us_per_request").isNumber())
                .toList(), n -> n.path("server_jit_cpu_us_per_request").asDouble());
        return jit.isEmpty() ? "–" : f0(median(jit));
    }

    private void peaks() {
        line("## Peak throughput (wrk, closed model)");
        line("");
        line("wrk, one thread, 64 connections, pinned to core 0; the server pinned to core 1. Median over the repeats"
                + " (min–max). CPU-µs per request: the server's utime+stime over the run divided by its requests;"
                + " of which JIT: its compiler threads' share, a warm-up cost that varies from run to run (a fresh"
                + " JVM is still compiling after the warm-up), so compare the CPU without it across targets and runs."
                + " RSS: VmRSS at the end of the run / VmHWM (peak resident). The generator's CPU is wrk's own"
                + " (share of one core).");
        line("");
        line("| db | target | requests/s | non-2xx (all runs) | socket errors | server CPU-µs/req | of which JIT"
                + " | server CPU share | RSS / HWM MB | wrk CPU share | pool bodies |");
        line("|---|---|---|---|---|---|---|---|---|---|---|");
        for (String db : DBS) {
            for (String target : TARGETS) {
                List<JsonNode> runs = find(is("peak", target, db, "peak"));
                if (runs.isEmpty()) {
                    continue;
                }
                List<Double> rps = values(runs, n -> n.path("requests_per_s").asDouble());
                line("| " + name(db) + " | " + target + " | " + f0(median(rps)) + " (" + f0(min(rps)) + "–"
                        + f0(max(rps)) + ") | " + sum(runs, "non2xx") + " of " + sum(runs, "requests") + " | "
                        + sum(runs, "socket_errors") + " | "
                        + f0(median(values(runs, n -> n.path("server_cpu_us_per_request").asDouble()))) + " | "
                        + jit(runs) + " | "
                        + f2(median(values(runs, n -> n.path("server_cpu_share").asDouble()))) + " | "
                        + f0(max(values(runs, n -> n.path("server_rss_mb").asDouble()))) + " / "
                        + f0(max(values(runs, n -> n.path("server_hwm_mb").asDouble()))) + " | "
                        + f2(median(values(runs, n -> n.path("generator_cpu_share").asDouble()))) + " | "
                        + runs.get(0).path("pool").asLong() + " |");
            }
        }
        line("");
        line("A pool holds 93 % fresh bodies, 5 % exact redeliveries, 2 % bad signatures (answered 403, counted in"
                + " non-2xx). When wrk sends more requests than its pool holds it starts over, and the repeats are"
                + " answered 200 duplicate: the share of duplicates then exceeds 5 %.");
        line("");
    }

    // ---- ratios ---------------------------------------------------------------------------------------------

    private List<Double> ratios(String db, String a, String b) {
        Map<String, Double> pa = peakByRepeat(a, db);
        Map<String, Double> pb = peakByRepeat(b, db);
        List<Double> r = new ArrayList<>();
        pa.forEach((repeat, v) -> {
            if (pb.containsKey(repeat) && pb.get(repeat) > 0) {
                r.add(v / pb.get(repeat));
            }
        });
        return r;
    }

    private Map<String, Double> peakByRepeat(String target, String db) {
        Map<String, Double> m = new TreeMap<>();
        find(is("peak", target, db, "peak")).forEach(n -> m.put(n.path("repeat").asText(),
                n.path("requests_per_s").asDouble()));
        return m;
    }

    private void ratios() {
        line("## Ratios of peak throughput (same repeat, alternating E0, B1, C1)");
        line("");
        line("| db | ratio | per repeat | median | min–max |");
        line("|---|---|---|---|---|");
        for (String db : DBS) {
            for (String[] pair : new String[][] {{"C1", "B1"}, {"C1", "E0"}, {"B1", "E0"}}) {
                List<Double> r = ratios(db, pair[0], pair[1]);
                if (!r.isEmpty()) {
                    line("| " + name(db) + " | " + pair[0] + "/" + pair[1] + " | "
                            + String.join(", ", r.stream().map(Report::f2).toList()) + " | " + f2(median(r)) + " | "
                            + f2(min(r)) + "–" + f2(max(r)) + " |");
                }
            }
        }
        line("");
    }

    // ---- latency --------------------------------------------------------------------------------------------

    private void latency() {
        line("## Acknowledgement latency (open model, fixed rate)");
        line("");
        line("The Java generator (bench, Vert.x client, pinned to core 0) sends at a fixed rate of 25, 50 and 75 % of"
                + " B1's peak of the same repeat and database; each latency is measured from the request's scheduled"
                + " time (no coordinated omission), recorded in an HdrHistogram. Median over the repeats of each"
                + " percentile; worst p99 in brackets. Generator late: the most its scheduler thread woke after a"
                + " request's due time (the latency still counts from the due time); large values mean the"
                + " generator's core was short of CPU.");
        line("");
        line("| db | target | load | rate/s | p50 ms | p99 ms | p99.9 ms | max ms | errors+timeouts | server CPU-µs/req"
                + " | server CPU share | generator CPU share | generator late ms | RSS / HWM MB |");
        line("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (String db : DBS) {
            for (String target : TARGETS) {
                for (String level : LEVELS) {
                    List<JsonNode> runs = find(is("load", target, db, "lat" + level));
                    if (runs.isEmpty()) {
                        continue;
                    }
                    line("| " + name(db) + " | " + target + " | " + level + " % | "
                            + f0(median(values(runs, n -> n.path("rate_target").asDouble()))) + " | "
                            + f2(median(values(runs, n -> n.path("latency_ms").path("p50").asDouble()))) + " | "
                            + f2(median(values(runs, n -> n.path("latency_ms").path("p99").asDouble()))) + " ("
                            + f2(max(values(runs, n -> n.path("latency_ms").path("p99").asDouble()))) + ") | "
                            + f2(median(values(runs, n -> n.path("latency_ms").path("p999").asDouble()))) + " | "
                            + f1(max(values(runs, n -> n.path("latency_ms").path("max").asDouble()))) + " | "
                            + runs.stream().mapToLong(n -> n.path("errors").asLong() + n.path("timeouts").asLong())
                                    .sum() + " | "
                            + f0(median(values(runs, n -> n.path("server_cpu_us_per_request").asDouble()))) + " | "
                            + f2(median(values(runs, n -> n.path("server_cpu_share").asDouble()))) + " | "
                            + f2(median(values(runs, n -> n.path("generator_cpu_share").asDouble()))) + " | "
                            + f1(max(values(runs, n -> n.path("max_scheduler_lag_ms").asDouble()))) + " | "
                            + f0(max(values(runs, n -> n.path("server_rss_mb").asDouble()))) + " / "
                            + f0(max(values(runs, n -> n.path("server_hwm_mb").asDouble()))) + " |");
                }
            }
        }
        line("");
    }

    // ---- answers --------------------------------------------------------------------------------------------

    private void answers() {
        line("## Answers per target (same pools: did they do the same work?)");
        line("");
        line("Sums over the open-model runs. Every target got the same requests in the same order; \"expected\" is"
                + " what the pool holds. A redelivery may overtake its first copy in flight, so accepted and"
                + " duplicate may swap pairwise; mismatches counts answers of the wrong kind (e.g. 403 to a good"
                + " signature). E0 answers 200 \"ok\" to everything, by design.");
        line("");
        line("| db | target | answers | expected | mismatches |");
        line("|---|---|---|---|---|");
        for (String db : DBS) {
            for (String target : TARGETS) {
                List<JsonNode> runs = find(n -> is("load", target, db, null).test(n)
                        && n.path("phase").asText().startsWith("lat"));
                if (runs.isEmpty()) {
                    continue;
                }
                line("| " + name(db) + " | " + target + " | " + sumMap(runs, "answers") + " | "
                        + sumMap(runs, "expected") + " | "
                        + (target.equals("E0") ? "n/a" : String.valueOf(sum(runs, "mismatches"))) + " |");
            }
        }
        line("");
    }

    private static String sumMap(List<JsonNode> runs, String field) {
        Map<String, Long> total = new TreeMap<>();
        runs.forEach(n -> n.path(field).fields().forEachRemaining(e -> total.merge(e.getKey(),
                e.getValue().asLong(), Long::sum)));
        return total.toString().replace("{", "").replace("}", "");
    }

    // ---- pipeline -------------------------------------------------------------------------------------------

    private void pipeline() {
        List<JsonNode> runs = new ArrayList<>(find(is("pipeline", null, null, null)));
        runs.sort(Comparator.comparing((JsonNode n) -> n.path("db").asText())
                .thenComparing(n -> n.path("phase").asText(), Comparator.reverseOrder()));
        if (runs.isEmpty()) {
            return;
        }
        line("## Full pipeline (intake, dispatch, database, CRM stub, SMTP sink)");
        line("");
        line("The packaged jar with every route on, CRM_URL at the bench's CRM stub and SMTP at its SMTP sink (both"
                + " in one process on core 0 with the generator). Each phase starts a fresh server and database, warms"
                + " the pipeline up (a load it keeps up with, drained) so that the measured load meets JIT-compiled"
                + " code as a long-running service would, then offers a fixed rate; afterwards the inbox and delivery"
                + " tables give each measured event's receipt time and the completion of its last delivery (warm-up"
                + " events excluded). Delivered events/s = events with every delivery done / (last completion − first"
                + " receipt). Lag = last delivery done − received. Phases: pipeline-peak offers more than the 1,000/s"
                + " target, pipeline-half the target's half (for the lag target), pipeline-sustained half the rate"
                + " that pipeline-peak delivered (the lag while the pipeline keeps up). CPU per event: the server"
                + " process's (utime + stime) and the PostgreSQL server's (all its processes: backends, WAL writer,"
                + " checkpointer), from the measured load's start until its deliveries drained, divided by its events;"
                + " WAL flushes per event: PostgreSQL's `pg_stat_wal.wal_sync` over the same time (a commit that"
                + " waits for the disk causes one, unless another's flush covered it; so does the WAL writer, which"
                + " flushes in the background the commits that do not wait, so the count is an upper bound on the"
                + " commits that waited). On PostgreSQL the bridge talks"
                + " to the database through a counting proxy (in the sinks' process) that reads the wire protocol: round"
                + " trips per event (each Sync or simple Query: one wait for the server) and statements per event (each"
                + " Execute or Query), and flush-waiting commits per event: transactions that wrote and committed"
                + " with `synchronous_commit` on, which the proxy follows on both sides of the wire (a changed-rows"
                + " tag, or a data-modifying WITH or row lock, which it counts even when nothing changed, so the"
                + " figure errs high; none that set `synchronous_commit` off, rolled back or failed); commits per"
                + " event are PostgreSQL's own `pg_stat_database.xact_commit` for the bridge's database, read-only"
                + " ones included. All over the same time, idle polls included.");
        line("");
        line("| db | phase | offered/s | events | delivered | delivered/s | lag p50 ms | lag p99 ms | lag max ms |"
                + " ack p99 ms | server CPU ms/event | PostgreSQL CPU ms/event | WAL flushes/event |"
                + " round trips/event | statements/event | commits/event | flush-waiting commits/event | deliveries |"
                + " CRM calls / mails seen by the sinks |");
        line("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (JsonNode n : runs) {
            line("| " + name(n.path("db").asText()) + " | " + n.path("phase").asText() + " | "
                    + f0(n.path("offered_rate").asDouble(Double.NaN)) + " | " + n.path("events").asLong() + " | "
                    + n.path("delivered_events").asLong() + " | " + f0(n.path("delivered_per_s").asDouble()) + " | "
                    + n.path("lag_ms").path("p50").asLong() + " | " + n.path("lag_ms").path("p99").asLong() + " | "
                    + n.path("lag_ms").path("max").asLong() + " | " + f1(n.path("ack_p99_ms").asDouble(Double.NaN)) + " | "
                    + f1(n.path("server_cpu_ms_per_event").asDouble(Double.NaN)) + " | "
                    + f1(n.path("pg_cpu_ms_per_event").asDouble(Double.NaN)) + " | "
                    + f1(n.path("pg_wal_syncs_per_event").asDouble(Double.NaN)) + " | "
                    + f1(n.path("pg_round_trips_per_event").asDouble(Double.NaN)) + " | "
                    + f1(n.path("pg_statements_per_event").asDouble(Double.NaN)) + " | "
                    + f1(n.path("pg_commits_per_event").asDouble(Double.NaN)) + " | "
                    + f2(n.path("pg_flush_waiting_commits_per_event").asDouble(Double.NaN)) + " | "
                    + n.path("deliveries").toString().replaceAll("[{}\"]", "").replace(",", ", ") + " | "
                    + n.path("sinks").asText("?") + " |");
        }
        line("");
        List<JsonNode> split = runs.stream().filter(n -> n.has("thread_cpu_s")).toList();
        if (!split.isEmpty()) {
            line("Where the server's CPU went during each measured load: CPU seconds per thread group (and per measured"
                    + " event), from `jcmd <pid> Thread.print` before and after; threads that ended in between are not"
                    + " counted. CompilerThread is the JIT compiler; the seda threads are the routing and the"
                    + " destinations' workers (each delivery's claim, route and record), vert.x the intake:");
            line("");
            for (JsonNode n : split) {
                StringBuilder groups = new StringBuilder();
                double events = Math.max(1, n.path("events").asDouble());
                n.path("thread_cpu_s").fields().forEachRemaining(e -> {
                    if (e.getValue().asDouble() >= 0.05) {
                        groups.append(groups.length() == 0 ? "" : "; ")
                                .append(e.getKey().replace("Camel thread #N - ", "").replace("|", "/"))
                                .append(" ").append(f1(e.getValue().asDouble())).append(" s (")
                                .append(f2(e.getValue().asDouble() * 1000 / events)).append(" ms)");
                    }
                });
                line("- " + name(n.path("db").asText()) + ", " + n.path("phase").asText() + ": " + groups);
            }
            line("");
        }
        List<JsonNode> profiled = runs.stream().filter(n -> n.path("profile").path("samples").asInt() > 0).toList();
        if (!profiled.isEmpty()) {
            line("Where the Java code spent it: a flight recording (`jcmd <pid> JFR.start settings=default`, an execution"
                    + " sample of each running Java thread every 20 ms) of each measured load until drained. The share"
                    + " of samples each part of the pipeline was on the stack for (parts nest: the database"
                    + " destination's share includes its JDBC calls, for one, so the shares do not add up), then"
                    + " the methods most often on top. The JIT compiler and the garbage collector are not sampled"
                    + " (see the thread split above).");
            line("");
            for (JsonNode n : profiled) {
                line("- " + name(n.path("db").asText()) + ", " + n.path("phase").asText() + " ("
                        + n.path("profile").path("samples").asInt() + " samples): " + shares(n.path("profile").path("parts"))
                        + ". On top: " + shares(n.path("profile").path("top")));
            }
            line("");
        }
    }

    private static String shares(JsonNode shares) {
        StringBuilder text = new StringBuilder();
        shares.fields().forEachRemaining(e -> text.append(text.length() == 0 ? "" : "; ")
                .append(e.getKey().replace("|", "/")).append(" ").append(f1(e.getValue().asDouble())).append(" %"));
        return text.toString();
    }

    // ---- startup, JMH ---------------------------------------------------------------------------------------

    private void startup() {
        List<JsonNode> startups = find(is("startup", null, null, null));
        if (!startups.isEmpty()) {
            line("## Startup to ready");
            line("");
        }
        startups.forEach(n -> {
            line("From the `java -jar target/begini-bridge.jar` process start (" + startupVariant(n) + ") to"
                    + " `/observe/health/ready` answering 200 on the management port (polled every 20 ms), on "
                    + n.path("db").asText("H2") + " with a database already at the current schema: " + n.path("ms")
                    + " ms, median " + f0(median(values(n.path("ms")))) + " ms."
                    + (n.has("first_ms") ? " The first start, which migrated the empty database, took "
                            + n.path("first_ms").asLong() + " ms." : ""));
            line("");
        });
    }

    private static String startupVariant(JsonNode startup) {
        return startup.path("variant").asText().equals("appcds")
                ? "with the AppCDS archive of a training start, `-XX:SharedArchiveFile`" : "plain `java -jar`";
    }

    private void jmh(JsonNode jmh) {
        if (jmh == null || !jmh.isArray()) {
            return;
        }
        line("## JMH: the hot path (µs per operation, lower is better)");
        line("");
        line("| benchmark | score | error (99.9 %) |");
        line("|---|---|---|");
        List<JsonNode> rows = new ArrayList<>();
        jmh.forEach(rows::add);
        rows.sort(Comparator.comparing(n -> n.path("benchmark").asText()));
        for (JsonNode n : rows) {
            String name = n.path("benchmark").asText();
            line("| " + name.substring(name.lastIndexOf('.') + 1) + " | "
                    + f2(n.path("primaryMetric").path("score").asDouble()) + " | "
                    + f2(n.path("primaryMetric").path("scoreError").asDouble()) + " |");
        }
        line("");
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private void line(String s) {
        md.append(s).append('\n');
    }

    private static String name(String db) {
        return db.equals("pg") ? "PostgreSQL" : "H2";
    }

    private static List<Double> values(List<JsonNode> runs, java.util.function.ToDoubleFunction<JsonNode> f) {
        return runs.stream().map(n -> f.applyAsDouble(n)).toList();
    }

    private static List<Double> values(JsonNode array) {
        List<Double> v = new ArrayList<>();
        array.forEach(x -> v.add(x.asDouble()));
        return v;
    }

    private static long sum(List<JsonNode> runs, String field) {
        return runs.stream().mapToLong(n -> n.path(field).asLong()).sum();
    }

    static double median(List<Double> v) {
        if (v.isEmpty()) {
            return Double.NaN;
        }
        List<Double> s = v.stream().sorted().toList();
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static double min(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static double max(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    private static String f0(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }

    private static String f1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String f2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

}
