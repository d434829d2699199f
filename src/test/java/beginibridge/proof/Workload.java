package beginibridge.proof;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import beginibridge.cli.SampleWebhooks;

/**
 * A mixed load for the crash and scale-out suites: every type, applicants with and without an internal record,
 * some exact repeats and some badly signed webhooks, shuffled with a fixed seed.
 */
final class Workload {

    final List<Webhook> webhooks = new ArrayList<>();
    final Set<String> matched = new HashSet<>();

    /** {@code events} distinct events over {@code events / 3} applicants, every other one with a record. */
    Workload(ProofRig rig, String prefix, int events, long seed) throws SQLException {
        Instant at = Instant.parse("2026-11-01T10:00:00Z");
        int applicants = Math.max(1, events / 3);
        for (int a = 0; a < applicants; a += 2) {
            rig.addApplicant(prefix + a);
            matched.add(prefix + a);
        }
        for (int i = 0; i < events; i++) {
            String uid = prefix + (i % applicants);
            String type = SampleWebhooks.TYPES.get(i % SampleWebhooks.TYPES.size());
            Webhook webhook = i % 25 == 11 ? Webhook.badlySigned(type, uid, at.plusSeconds(i))
                    : Webhook.valid(type, uid, at.plusSeconds(i), rig.apiKey);
            webhooks.add(webhook);
            if (i % 10 == 4) {
                webhooks.add(webhook);
            }
        }
        Collections.shuffle(webhooks, new Random(seed));
    }
}
