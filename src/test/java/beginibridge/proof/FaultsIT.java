package beginibridge.proof;

import static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder.like;
import static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder.responseDefinition;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import beginibridge.cli.SampleWebhooks;
import beginibridge.support.BridgeProcess;
import beginibridge.support.Rows;
import beginibridge.support.TcpProxy;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5, suite 2: the packaged bridge on PostgreSQL while what it depends on fails. The database becomes
 * unreachable mid-load (503 while it is, never a 200 without a stored row, ready again without a restart); the CRM
 * answers 500, 429 with Retry-After and too slowly, then refuses connections; the SMTP server is down. Every ledger
 * balances, and no destination fault slows the webhook acknowledgement.
 */
class FaultsIT {

    static final int SENDERS = 8;
    static final int WORKERS = 4;
    /** How long the bridge waits for the CRM's answer (the default of crm.response-timeout-ms), and the CRM's hang. */
    static final int CRM_RESPONSE_TIMEOUT_MILLIS = 10_000;
    static final int CRM_HANG_MILLIS = 15_000;
    /** Longer than the largest backoff (ProofRig: 2 s), so that only the Retry-After explains the wait. */
    static final int RETRY_AFTER_SECONDS = 3;
    /**
     * An acknowledgement that waited for a destination would take the CRM's response timeout (or the SMTP connect
     * timeout); none may come near. Generous on purpose: latency targets are the benchmark's, and this machine's
     * cores are shared.
     */
    static final Duration ACK_BOUND = Duration.ofMillis(CRM_RESPONSE_TIMEOUT_MILLIS / 2);

    @TempDir
    Path workDir;

    /**
     * PostgreSQL itself keeps running (other suites and people share the server); the bridge's only way to it, a
     * relay on its own port, is cut and restored, which is to the bridge what a database outage is.
     */
    @Test
    void should_answer_503_while_the_database_is_unreachable_and_recover_without_restart() throws Exception {
        try (ProofRig rig = new ProofRig(); TcpProxy network = new TcpProxy(rig.database.port())) {
            Map<String, String> environment = rig.environment();
            environment.put("DB_URL", rig.database.urlThrough(network.port()));
            environment.put("DB_CONNECTION_TIMEOUT_MS", "1000");
            environment.put("DELIVERY_WORKERS", String.valueOf(WORKERS));
            try (BridgeProcess bridge = BridgeProcess.start(workDir, "db-outage", environment)) {
                databaseOutage(rig, network, bridge);
            }
        }
    }

    private void databaseOutage(ProofRig rig, TcpProxy network, BridgeProcess bridge) throws Exception {
        Set<String> matched = new HashSet<>();
        List<Webhook> webhooks = load(rig, "APP-DB", 240, matched);
        Ledger ledger = new Ledger();
        Traffic traffic = new Traffic(ledger);
        Readiness readiness = new Readiness(bridge);
        ExecutorService background = Executors.newSingleThreadExecutor();
        try {
            Future<?> sending = background.submit(() -> {
                traffic.sendAll(webhooks, bridge::webhookUri, SENDERS, Duration.ofSeconds(60));
                return null;
            });
            awaitAnswers(ledger, 80);
            int cutAt = ledger.answers().size();
            network.cut();
            Awaitility.await("503s and readiness down while the database is unreachable")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> count(ledger.answers().subList(cutAt, ledger.answers().size()), 503) >= 16
                            && readiness.wentDown());
            int restoredAt = ledger.answers().size();
            network.restore();
            sending.get(90, TimeUnit.SECONDS);
            Awaitility.await("ready again without a restart").atMost(Duration.ofSeconds(20)).until(readiness::up);
            readiness.stop();

            List<Ledger.Answer> all = ledger.answers();
            List<Ledger.Answer> unavailable = all.stream().filter(answer -> answer.status() == 503).toList();
            assertThat(unavailable).as("webhooks answered 503 while the database was unreachable").isNotEmpty()
                    .allSatisfy(answer -> assertThat(answer.body())
                            .isEqualTo("{\"detail\":\"Temporarily unavailable\"}"));
            assertThat(count(all.subList(0, cutAt), 503)).as("503s before the cut").isZero();
            assertThat(all).as("every webhook answered, none left hanging").noneMatch(answer -> answer.status() == 0);
            assertThat(readiness.history()).as("readiness: up, down while unreachable, up again")
                    .containsSubsequence(true, false, true);

            traffic.resendOwed(bridge.webhookUri(), Duration.ofSeconds(30));
            // a CRM request or mail performed just before the cut, whose success could not be recorded, is performed
            // again once its claim has run out (README: the Idempotency-Key and Message-ID make it recognisable):
            // at most one per worker of those two destinations
            Ledger.Figures figures;
            try {
                figures = ledger.balance(rig, matched, 2 * WORKERS, Duration.ofSeconds(60));
            } finally {
                System.out.println("  CRM keys answered 2xx more than once, their requests in order: "
                        + performedTwice(rig));
            }
            System.out.println("Faults, database unreachable: " + figures + "; CRM requests and mails performed again "
                    + (figures.crmPerformed() - figures.crmKeys() + figures.mails() - figures.mailIds())
                    + " (at most " + 2 * WORKERS + ", one per CRM and email worker)");
            System.out.println("  before the cut: " + Ledger.Latency.of(all.subList(0, cutAt)));
            System.out.println("  while cut: " + Ledger.Latency.of(all.subList(cutAt, restoredAt)));
            System.out.println("  after restoring, with resends: "
                    + Ledger.Latency.of(ledger.answers().subList(restoredAt, ledger.answers().size())));
            assertThat(bridge.isAlive()).isTrue();
        } finally {
            readiness.stop();
            background.shutdownNow();
        }
    }

    @Test
    void should_deliver_once_through_crm_and_smtp_faults_without_slowing_the_acknowledgement() throws Exception {
        FaultyCrm faults = new FaultyCrm(12, 8, 4);
        try (ProofRig rig = new ProofRig(faults)) {
            Map<String, String> environment = rig.environment();
            environment.put("CRM_RESPONSE_TIMEOUT_MS", String.valueOf(CRM_RESPONSE_TIMEOUT_MILLIS));
            // longer than the longest attempt, as the bridge requires (connect 1 s + response 10 s)
            environment.put("DELIVERY_LEASE", "15s");
            try (BridgeProcess bridge = BridgeProcess.start(workDir, "destination-faults", environment)) {
                destinationFaults(rig, faults, bridge);
            }
        }
    }

    private void destinationFaults(ProofRig rig, FaultyCrm faults, BridgeProcess bridge) throws Exception {
        Ledger ledger = new Ledger();
        Traffic traffic = new Traffic(ledger);
        Set<String> matched = new HashSet<>();
        // stopped before anything is sent to them, so that no request is in flight when they go away (one would be
        // performed twice: the server took it, the bridge never heard so)
        rig.crm.stop();
        rig.smtp.stop();

        List<Webhook> warmUp = new ArrayList<>();
        Instant at = Instant.parse("2026-11-02T10:00:00Z");
        for (int i = 0; i < 24; i++) {
            warmUp.add(Webhook.valid("application.complete", "APP-WARM-" + i, at.plusSeconds(i), rig.apiKey));
        }
        traffic.sendAll(warmUp, bridge::webhookUri, SENDERS, Duration.ofSeconds(30));
        int refusedFrom = ledger.answers().size();

        Instant stopped = Instant.now();
        traffic.sendAll(load(rig, "APP-OFF", 60, matched), bridge::webhookUri, SENDERS, Duration.ofSeconds(30));
        Awaitility.await("CRM and SMTP connections refused").atMost(Duration.ofSeconds(20))
                .until(() -> refusedAttempts(rig, "crm", stopped) >= 4 && refusedAttempts(rig, "email", stopped) >= 4);
        int faultsFrom = ledger.answers().size();

        rig.crm.start();
        traffic.sendAll(load(rig, "APP-CRM", 80, matched), bridge::webhookUri, SENDERS, Duration.ofSeconds(30));
        Awaitility.await("every injected CRM fault served").atMost(Duration.ofSeconds(30)).until(faults::spent);
        int restoredFrom = ledger.answers().size();

        rig.replaceSmtp();
        traffic.sendAll(load(rig, "APP-BACK", 24, matched), bridge::webhookUri, SENDERS, Duration.ofSeconds(30));

        List<Ledger.Answer> all = ledger.answers();
        assertThat(all.subList(refusedFrom, restoredFrom)).as("acknowledgements while the CRM and SMTP fail")
                .allSatisfy(answer -> {
                    assertThat(answer.status()).isEqualTo(200);
                    assertThat(answer.took()).isLessThan(ACK_BOUND);
                });

        traffic.resendOwed(bridge.webhookUri(), Duration.ofSeconds(30));
        Ledger.Figures figures;
        try {
            figures = ledger.balance(rig, matched, faults.slow, Duration.ofSeconds(60));
        } finally {
            System.out.println("  CRM keys answered 2xx more than once, their requests in order: "
                    + performedTwice(rig));
        }
        System.out.println("Faults, CRM and SMTP: " + figures + "; CRM faults served " + faults.served()
                + ", CRM requests performed again " + (figures.crmPerformed() - figures.crmKeys()) + " (at most "
                + faults.slow + ", the slow answers)");
        System.out.println("  warm-up, no destination called: " + Ledger.Latency.of(all.subList(0, refusedFrom)));
        System.out.println("  CRM and SMTP refusing connections: "
                + Ledger.Latency.of(all.subList(refusedFrom, faultsFrom)));
        System.out.println("  CRM 500/429/slow, SMTP down: "
                + Ledger.Latency.of(all.subList(faultsFrom, restoredFrom)));
        System.out.println("  both back: " + Ledger.Latency.of(all.subList(restoredFrom, all.size())));

        assertRetryAfterHonoured(rig);
        assertThat(bridge.ready()).isTrue();
    }

    /** The requests of every Idempotency-Key answered 2xx more than once, to explain each repeat. */
    private static List<List<String>> performedTwice(ProofRig rig) {
        return rig.crm.getAllServeEvents().stream()
                .sorted(Comparator.comparing(served -> served.getRequest().getLoggedDate()))
                .collect(Collectors.groupingBy(served -> served.getRequest().getHeader("Idempotency-Key")))
                .values().stream()
                .filter(requests -> requests.stream().filter(served -> served.getResponse().getStatus() / 100 == 2)
                        .count() > 1)
                // a response WireMock never finished writing: the bridge had stopped waiting for it
                .map(requests -> requests.stream().map(served -> served.getResponse().getStatus()
                        + (served.getTiming().getTotalTime() == null ? " unfinished" : "")).toList())
                .toList();
    }

    /** After a 429, the next request with the same Idempotency-Key came no sooner than the Retry-After. */
    private static void assertRetryAfterHonoured(ProofRig rig) {
        Map<String, List<ServeEvent>> byKey = rig.crm.getAllServeEvents().stream()
                .sorted(Comparator.comparing(served -> served.getRequest().getLoggedDate()))
                .collect(Collectors.groupingBy(served -> served.getRequest().getHeader("Idempotency-Key")));
        int checked = 0;
        for (List<ServeEvent> requests : byKey.values()) {
            for (int i = 0; i + 1 < requests.size(); i++) {
                if (requests.get(i).getResponse().getStatus() == 429) {
                    long waited = requests.get(i + 1).getRequest().getLoggedDate().getTime()
                            - requests.get(i).getRequest().getLoggedDate().getTime();
                    assertThat(waited).as("wait after a 429 with Retry-After: %s", RETRY_AFTER_SECONDS)
                            .isGreaterThanOrEqualTo(RETRY_AFTER_SECONDS * 1000L - 100);
                    checked++;
                }
            }
        }
        assertThat(checked).as("429s followed by a retry").isPositive();
    }

    /**
     * {@code count} events of every type in turn, for 30 applicants, two in three with an internal record (so their
     * CRM deliveries are performed, the others' unmatched).
     */
    private static List<Webhook> load(ProofRig rig, String prefix, int count, Set<String> matched) throws SQLException {
        Instant at = Instant.parse("2026-11-01T10:00:00Z");
        List<Webhook> webhooks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String uid = prefix + "-" + (i % 30);
            if (i < 30 && i % 3 != 2) {
                rig.addApplicant(uid);
                matched.add(uid);
            }
            String type = SampleWebhooks.TYPES.get(i % SampleWebhooks.TYPES.size());
            webhooks.add(Webhook.valid(type, uid, at.plusSeconds(i), rig.apiKey));
        }
        return webhooks;
    }

    private static void awaitAnswers(Ledger ledger, int answers) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> ledger.answers().size() >= answers);
    }

    private static long count(List<Ledger.Answer> answers, int status) {
        return answers.stream().filter(answer -> answer.status() == status).count();
    }

    private static int refusedAttempts(ProofRig rig, String destination, Instant since) throws SQLException {
        return Rows.query(rig.database, "SELECT 1 FROM begini_delivery_attempt a JOIN begini_delivery d"
                + " ON d.id = a.delivery_id WHERE d.destination = ? AND a.outcome = 'retry'"
                + " AND a.error LIKE '%Connect%' AND a.started_at > ?", destination, Timestamp.from(since)).size();
    }

    /**
     * The CRM's faults, each served once in turn to whichever request comes next, then plain answers: 500s, 429s
     * with a Retry-After, and answers slower than the bridge waits (which WireMock still counts as served 200s, so
     * each may show as a CRM request performed twice).
     */
    static final class FaultyCrm implements ResponseDefinitionTransformerV2 {

        enum Fault { ERROR, TOO_MANY, SLOW }

        final int slow;
        private final ConcurrentLinkedQueue<Fault> pending = new ConcurrentLinkedQueue<>();
        private final List<Fault> served = new CopyOnWriteArrayList<>();

        FaultyCrm(int errors, int tooMany, int slow) {
            this.slow = slow;
            int total = errors + tooMany + slow;
            int[] left = {errors, tooMany, slow};
            for (int i = 0; i < total; i++) {
                Fault fault = Fault.values()[i % 3];
                if (left[fault.ordinal()] == 0) {
                    fault = left[0] > 0 ? Fault.ERROR : left[1] > 0 ? Fault.TOO_MANY : Fault.SLOW;
                }
                left[fault.ordinal()]--;
                pending.add(fault);
            }
        }

        boolean spent() {
            return pending.isEmpty();
        }

        Map<Fault, Long> served() {
            return served.stream().collect(Collectors.groupingBy(fault -> fault, Collectors.counting()));
        }

        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            Fault fault = pending.poll();
            if (fault == null) {
                return serveEvent.getResponseDefinition();
            }
            served.add(fault);
            return switch (fault) {
                case ERROR -> responseDefinition().withStatus(500).withBody("{\"error\":\"internal\"}").build();
                case TOO_MANY -> responseDefinition().withStatus(429)
                        .withHeader("Retry-After", String.valueOf(RETRY_AFTER_SECONDS)).build();
                case SLOW -> like(serveEvent.getResponseDefinition()).withFixedDelay(CRM_HANG_MILLIS).build();
            };
        }

        @Override
        public String getName() {
            return "faulty-crm";
        }
    }

    /** Polls the bridge's readiness in the background and keeps each change. */
    static final class Readiness {

        private final List<Boolean> history = new CopyOnWriteArrayList<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread poller;

        Readiness(BridgeProcess bridge) {
            poller = new Thread(() -> {
                while (running.get()) {
                    boolean ready = bridge.ready();
                    if (history.isEmpty() || history.get(history.size() - 1) != ready) {
                        history.add(ready);
                    }
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "readiness");
            poller.setDaemon(true);
            poller.start();
        }

        boolean up() {
            return !history.isEmpty() && history.get(history.size() - 1);
        }

        boolean wentDown() {
            return history.contains(false);
        }

        List<Boolean> history() {
            return List.copyOf(history);
        }

        void stop() throws InterruptedException {
            running.set(false);
            poller.interrupt();
            poller.join(5000);
        }
    }
}
