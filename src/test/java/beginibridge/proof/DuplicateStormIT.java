package beginibridge.proof;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import beginibridge.cli.SampleWebhooks;
import beginibridge.support.BridgeProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5, suite 3: the same event sent 200 times at once, interleaved with other events and their own repeats, to
 * the packaged bridge on PostgreSQL: one event, one set of effects.
 */
class DuplicateStormIT {

    static final int COPIES = 200;
    static final int OTHERS = 140;

    @TempDir
    Path workDir;

    @Test
    void should_store_and_perform_a_storm_of_copies_once() throws Exception {
        try (ProofRig rig = new ProofRig()) {
            Map<String, String> environment = rig.environment();
            // no attempt may give up waiting on a destination starved of CPU by the storm (it would be performed
            // again, and the suite itself does nothing that explains a repeat): waits far above any normal answer
            environment.put("CRM_RESPONSE_TIMEOUT_MS", "20000");
            environment.put("SMTP_TIMEOUT_MS", "20000");
            // longer than the longest attempt, as the bridge requires (connect 1 s + response 20 s; 2 x SMTP 20 s)
            environment.put("DELIVERY_LEASE", "45s");
            try (BridgeProcess bridge = BridgeProcess.start(workDir, "storm", environment)) {
                storm(rig, bridge);
            }
        }
    }

    private void storm(ProofRig rig, BridgeProcess bridge) throws Exception {
        Random random = new Random(20261122);
        Set<String> matched = new HashSet<>();
        Instant at = Instant.parse("2026-11-01T10:00:00Z");
        Webhook stormed = Webhook.valid("application.expired", "APP-STORM", at, rig.apiKey);
        rig.addApplicant("APP-STORM");
        matched.add("APP-STORM");

        List<Webhook> webhooks = new ArrayList<>(Collections.nCopies(COPIES, stormed));
        for (int i = 0; i < OTHERS; i++) {
            String uid = "APP-STORM-" + (i % 40);
            if (i % 40 == i && i % 2 == 0) {
                rig.addApplicant(uid);
                matched.add(uid);
            }
            String type = SampleWebhooks.TYPES.get(i % SampleWebhooks.TYPES.size());
            Webhook other = i % 50 == 7 ? Webhook.badlySigned(type, uid, at.plusSeconds(i))
                    : Webhook.valid(type, uid, at.plusSeconds(i), rig.apiKey);
            webhooks.add(other);
            if (i % 20 == 3) {
                webhooks.add(other);
            }
        }
        Collections.shuffle(webhooks, random);

        Ledger ledger = new Ledger();
        new Traffic(ledger).sendAll(webhooks, bridge::webhookUri, 32, Duration.ofSeconds(60));

        List<Ledger.Answer> storm = ledger.answers().stream().filter(answer -> answer.webhook() == stormed).toList();
        assertThat(storm).hasSize(COPIES);
        assertThat(storm).extracting(Ledger.Answer::outcome).containsOnlyOnce("accepted").containsOnly("accepted",
                "duplicate");
        assertThat(storm).extracting(Ledger.Answer::eventId).containsOnly(storm.get(0).eventId());

        // repeats allowed: what this suite did that could explain one. It kills nothing, injects no fault and resends
        // nothing that got a 200; its copies are exactly what must never be performed twice. So none.
        Ledger.Figures figures = ledger.balance(rig, matched, 0, Duration.ofSeconds(60));
        System.out.println("Duplicate storm: " + figures + "; attempts " + Attempts.outcomes(rig.database));
        assertThat(bridge.ready()).isTrue();
    }
}
