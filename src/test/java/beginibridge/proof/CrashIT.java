package beginibridge.proof;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import beginibridge.support.BridgeProcess;
import beginibridge.support.Rows;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5, suite 1: the packaged bridge on PostgreSQL killed with SIGKILL, (a) while it accepts webhooks and (b)
 * while its CRM deliveries are in flight, then started again on the same ports. Every webhook answered 200 is in
 * the inbox and fully delivered; one that got no answer is sent again, as Begini would, and is then accepted or
 * duplicate, never lost. A killed process may have performed what it held without recording it: at most
 * {@code delivery.workers} deliveries per destination, performed again (recognisably) after its lease.
 */
class CrashIT {

    /** Kill and restart cycles per test, the load growing with them; each costs a JVM start: -Dproof.kills=10. */
    static final int KILLS = Integer.getInteger("proof.kills", 2);
    static final int WORKERS = 4;
    /** CRM and email: the destinations whose repeats are visible outside (the database writes are idempotent). */
    static final int EXTERNAL_DESTINATIONS = 2;
    static final int CRM_DELAY_MS = 1000;

    @TempDir
    Path workDir;

    @Test
    void should_lose_no_webhook_when_killed_while_accepting() throws Exception {
        try (ProofRig rig = new ProofRig(); BridgeProcess bridge = BridgeProcess.start(workDir, "accepting",
                rig.environment())) {
            Workload load = new Workload(rig, "APP-CRASH-A-", 120 * KILLS, 20261201);
            Ledger ledger = new Ledger();
            Traffic traffic = new Traffic(ledger);
            int batch = load.webhooks.size() / KILLS;
            for (int kill = 0; kill < KILLS; kill++) {
                List<Webhook> webhooks = load.webhooks.subList(kill * batch,
                        kill == KILLS - 1 ? load.webhooks.size() : (kill + 1) * batch);
                int killAt = ledger.answers().size() + webhooks.size() / 3;
                CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> sendAll(traffic, webhooks,
                        bridge));
                Awaitility.await("a third of the batch answered").atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(5)).until(() -> ledger.answers().size() >= killAt);
                long killedAt = System.nanoTime();
                bridge.kill();
                sending.get(60, TimeUnit.SECONDS);
                long cutShort = ledger.answers().stream().filter(answer -> answer.cutShortAt(killedAt)).count();
                System.out.println("kill " + (kill + 1) + " cut short " + cutShort + " webhook(s)");
                assertThat(cutShort).as("webhooks kill %d cut short: under way when it came, never answered",
                        kill + 1).isPositive();
                restart(bridge);
                traffic.resendOwed(bridge.webhookUri(), Duration.ofSeconds(30));
            }

            Ledger.Figures figures = ledger.balance(rig, load.matched, WORKERS * EXTERNAL_DESTINATIONS * KILLS,
                    Duration.ofSeconds(60));
            report("Crash while accepting", rig, figures, KILLS);
            assertThat(Attempts.finishedTwice(rig.database)).as("deliveries recorded done twice").isEmpty();
            assertThat(bridge.ready()).isTrue();
        }
    }

    @Test
    void should_deliver_everything_when_killed_with_deliveries_in_flight() throws Exception {
        try (ProofRig rig = new ProofRig(); BridgeProcess bridge = BridgeProcess.start(workDir, "delivering",
                rig.environment())) {
            rig.crm.stubFor(post(urlEqualTo(ProofRig.CRM_PATH)).willReturn(aResponse().withStatus(200)
                    .withBody("{}").withFixedDelay(CRM_DELAY_MS)));
            Workload load = new Workload(rig, "APP-CRASH-D-", 45 * KILLS, 20261202);
            Ledger ledger = new Ledger();
            new Traffic(ledger).sendAll(load.webhooks, bridge::webhookUri, 8, Duration.ofSeconds(30));

            // counted while no process runs, so that no claim is merely under way: each kill must leave more
            int orphanedAfterKills = 0;
            for (int kill = 0; kill < KILLS; kill++) {
                int before = rig.crm.getAllServeEvents().size();
                Awaitility.await("CRM deliveries under way").atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(50))
                        .until(() -> rig.crm.getAllServeEvents().size() >= before + WORKERS && crmClaimed(rig) > 0);
                bridge.kill();
                int orphaned = Attempts.orphanedClaims(rig.database);
                assertThat(orphaned).as("claims left unfinished after kill %d (before it: %d)", kill + 1,
                        orphanedAfterKills).isGreaterThan(orphanedAfterKills);
                System.out.println("kill " + (kill + 1) + " left " + (orphaned - orphanedAfterKills)
                        + " claim(s) unfinished");
                orphanedAfterKills = orphaned;
                restart(bridge);
            }

            Ledger.Figures figures = ledger.balance(rig, load.matched, WORKERS * EXTERNAL_DESTINATIONS * KILLS,
                    Duration.ofSeconds(60));
            int orphaned = report("Crash while delivering", rig, figures, KILLS);
            assertThat(orphaned).as("claims the kills left unfinished, taken over after the lease")
                    .isEqualTo(orphanedAfterKills);
            assertThat(Attempts.finishedTwice(rig.database)).as("deliveries recorded done twice").isEmpty();
            assertThat(bridge.ready()).isTrue();
        }
    }

    private static void restart(BridgeProcess bridge) {
        long started = System.nanoTime();
        bridge.restart();
        System.out.println("restarted and ready in " + (System.nanoTime() - started) / 1_000_000 + " ms");
    }

    private static void sendAll(Traffic traffic, List<Webhook> webhooks, BridgeProcess bridge) {
        try {
            traffic.sendAll(webhooks, bridge::webhookUri, 16, Duration.ofSeconds(45));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** CRM deliveries held under a live claim right now. */
    private static int crmClaimed(ProofRig rig) throws Exception {
        return Rows.query(rig.database, "SELECT id FROM begini_delivery WHERE destination = 'crm'"
                + " AND status = 'pending' AND lease_until > CURRENT_TIMESTAMP").size();
    }

    static int report(String suite, ProofRig rig, Ledger.Figures figures, int kills) throws Exception {
        int orphaned = Attempts.orphanedClaims(rig.database);
        System.out.println(suite + ": " + figures + "; kills survived " + kills + "; repeats "
                + Attempts.repeats(figures) + " (allowed " + WORKERS * EXTERNAL_DESTINATIONS * kills
                + "); claims left unfinished by a kill " + orphaned + "; attempts " + Attempts.outcomes(rig.database));
        return orphaned;
    }
}
