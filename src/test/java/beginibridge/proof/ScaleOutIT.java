package beginibridge.proof;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import beginibridge.support.BridgeProcess;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5, suite 6: two packaged bridges on their own ports sharing one PostgreSQL schema, the load split between
 * them, one killed with SIGKILL halfway: its traffic goes to the survivor, which takes over the killed one's claims
 * once their lease has run out. The ledger balances, both instances performed deliveries, and no delivery is on
 * record as performed twice; the only repeats are what the killed one held when it died.
 */
class ScaleOutIT {

    static final int EVENTS = 240;
    static final int WORKERS = 4;
    static final int EXTERNAL_DESTINATIONS = 2;
    static final int CRM_DELAY_MS = 300;

    @TempDir
    Path workDir;

    @Test
    void should_share_the_work_and_take_over_a_killed_instance() throws Exception {
        try (ProofRig rig = new ProofRig();
                BridgeProcess first = BridgeProcess.start(Files.createDirectories(workDir.resolve("first")), "first",
                        rig.environment());
                BridgeProcess second = BridgeProcess.start(Files.createDirectories(workDir.resolve("second")),
                        "second", rig.environment())) {
            rig.crm.stubFor(post(urlEqualTo(ProofRig.CRM_PATH)).willReturn(aResponse().withStatus(200)
                    .withBody("{}").withFixedDelay(CRM_DELAY_MS)));
            Workload load = new Workload(rig, "APP-SCALE-", EVENTS, 20261203);
            Ledger ledger = new Ledger();
            Traffic traffic = new Traffic(ledger);

            AtomicInteger sent = new AtomicInteger();
            Supplier<URI> alternating = () -> first.isAlive() && sent.getAndIncrement() % 2 == 0
                    ? first.webhookUri() : second.webhookUri();
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                try {
                    traffic.sendAll(load.webhooks, alternating, 16, Duration.ofSeconds(45));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Awaitility.await("half the load answered").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(5))
                    .until(() -> ledger.answers().size() >= load.webhooks.size() / 2);
            long killedAt = System.nanoTime();
            first.kill();
            sending.get(60, TimeUnit.SECONDS);
            long cutShort = ledger.answers().stream().filter(answer -> answer.cutShortAt(killedAt)).count();
            assertThat(cutShort).as("webhooks the kill cut short: under way when it came, never answered")
                    .isPositive();
            traffic.resendOwed(second.webhookUri(), Duration.ofSeconds(30));

            int allowedRepeats = WORKERS * EXTERNAL_DESTINATIONS;
            Ledger.Figures figures = ledger.balance(rig, load.matched, allowedRepeats, Duration.ofSeconds(60));
            Map<String, String> byFirst = Attempts.logged(first.output());
            Map<String, String> bySecond = Attempts.logged(second.output());
            int orphaned = CrashIT.report("Scale-out", rig, figures, 1);
            assertThat(answeredBy(first)).as("webhooks the first instance answered 200").isPositive();
            System.out.println("Scale-out: webhooks answered 200 by the first " + answeredBy(first)
                    + ", by the second " + answeredBy(second) + "; deliveries logged done by the first "
                    + byFirst.size() + ", by the second " + bySecond.size() + "; claims of the killed one taken"
                    + " over " + orphaned + "; webhooks the kill cut short " + cutShort);

            assertThat(byFirst).as("deliveries the first instance performed before it was killed").isNotEmpty();
            assertThat(bySecond).as("deliveries the survivor performed").isNotEmpty();
            assertThat(byFirst.keySet()).as("deliveries both instances recorded as performed")
                    .doesNotContainAnyElementsOf(bySecond.keySet());
            assertThat(Attempts.finishedTwice(rig.database)).as("deliveries recorded done twice").isEmpty();
            assertThat(orphaned).as("claims the killed instance held").isPositive();
            assertThat(bySecond.keySet()).as("the killed instance's claims, finished by the survivor")
                    .containsAll(Attempts.orphanedDeliveries(rig.database));
            assertThat(second.ready()).isTrue();
        }
    }

    /** Webhooks a process logged as answered 200 (accepted or duplicate). */
    private static long answeredBy(BridgeProcess bridge) {
        return bridge.output().lines().filter(line -> line.contains("Webhook 200 ")).count();
    }
}
