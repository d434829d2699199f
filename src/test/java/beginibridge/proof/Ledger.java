package beginibridge.proof;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import beginibridge.support.Rows;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.Awaitility;

/**
 * Every webhook a suite sent with every answer it got, balanced at the end against what the bridge stored and did:
 * each webhook accounted for as accepted, duplicate or rejected with its documented status (after resending those
 * that got no answer or a 503, as Begini would), and each accepted event with exactly its routed effects (database
 * rows, CRM requests by distinct Idempotency-Key, mails by distinct Message-ID), none missing and none doubled.
 */
final class Ledger {

    /** Exceptions of a POST that never reached a live bridge, or that the bridge left unanswered without dying. */
    private static final Set<String> NOT_CUT = Set.of("ConnectException", "HttpConnectTimeoutException",
            "HttpTimeoutException");
    private static final Pattern ANSWER =
            Pattern.compile("\\{\"status\":\"(accepted|duplicate)\",\"event_id\":\"([0-9a-f-]{36})\"}");

    /**
     * What one POST got: an HTTP status and body, or no answer at all (status 0, the body naming the exception), how
     * long it took, and when it ended ({@link System#nanoTime()}).
     */
    record Answer(Webhook webhook, int status, String body, Duration took, long endedNanos) {

        /** An answer that has just come. */
        Answer(Webhook webhook, int status, String body, Duration took) {
            this(webhook, status, body, took, System.nanoTime());
        }

        /**
         * Whether this POST was cut short at {@code nanos} ({@link System#nanoTime()}): under way already and still
         * waiting then, and never answered; not a connection refused or a request that timed out.
         */
        boolean cutShortAt(long nanos) {
            long started = endedNanos - took.toNanos();
            return status == 0 && started < nanos && endedNanos >= nanos && !NOT_CUT.contains(body);
        }

        boolean stored() {
            return status == 200 && ANSWER.matcher(body).matches();
        }

        String outcome() {
            Matcher matcher = ANSWER.matcher(body == null ? "" : body);
            if (status == 200 && matcher.matches()) {
                return matcher.group(1);
            }
            return status == 0 ? "unanswered" : "http " + status;
        }

        String eventId() {
            Matcher matcher = ANSWER.matcher(body);
            return matcher.matches() ? matcher.group(2) : null;
        }
    }

    /** The figures a suite reports. */
    record Figures(int sent, int distinctWebhooks, Map<String, Long> outcomes, int events, int deliveries,
            int crmRequests, int crmPerformed, int crmKeys, int mails, int mailIds, int scoreRows, int applicationRows) {

        @Override
        public String toString() {
            return "webhooks sent " + sent + " (" + distinctWebhooks + " distinct), answers " + outcomes
                    + "; events stored " + events + ", deliveries " + deliveries + "; CRM requests " + crmRequests
                    + " (" + crmPerformed + " answered 2xx, " + crmKeys + " distinct Idempotency-Keys); mails "
                    + mails + " (" + mailIds + " distinct Message-IDs); score rows " + scoreRows
                    + ", application rows " + applicationRows;
        }
    }

    /** Percentiles of how long the answers took, for a suite's figures. */
    record Latency(int answers, long p50Millis, long p99Millis, long maxMillis) {

        static Latency of(List<Answer> answers) {
            long[] millis = answers.stream().mapToLong(answer -> answer.took().toMillis()).sorted().toArray();
            if (millis.length == 0) {
                return new Latency(0, 0, 0, 0);
            }
            return new Latency(millis.length, percentile(millis, 50), percentile(millis, 99),
                    millis[millis.length - 1]);
        }

        private static long percentile(long[] sorted, int percent) {
            return sorted[Math.max(0, (int) Math.ceil(sorted.length * percent / 100.0) - 1)];
        }

        @Override
        public String toString() {
            return "ack latency over " + answers + " answers: p50 " + p50Millis + " ms, p99 " + p99Millis
                    + " ms, max " + maxMillis + " ms";
        }
    }

    private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
    private final AtomicInteger planned = new AtomicInteger();
    private final AtomicInteger sentAsPlanned = new AtomicInteger();

    void record(Answer answer) {
        answers.add(answer);
    }

    /** A suite means to send these many webhooks (resends aside). */
    void plan(int webhooks) {
        planned.addAndGet(webhooks);
    }

    /** One of the planned webhooks was sent and its answer, or its absence, recorded. */
    void sentAsPlanned() {
        sentAsPlanned.incrementAndGet();
    }

    /**
     * Fails unless every webhook planned was sent: the ledger balances only what was sent, so a run cut short (by
     * the senders' deadline, say) would balance too.
     */
    void assertSentAsPlanned() {
        assertThat(sentAsPlanned.get()).as("webhooks sent of the %d planned", planned.get())
                .isEqualTo(planned.get());
    }

    List<Answer> answers() {
        return List.copyOf(answers);
    }

    /** Webhooks that must be stored but have not had a 200 yet: what Begini would send again. */
    List<Webhook> owed() {
        Set<String> stored = answers.stream().filter(Answer::stored).map(answer -> answer.webhook().sha256())
                .collect(Collectors.toSet());
        Map<String, Webhook> owed = new LinkedHashMap<>();
        for (Answer answer : answers) {
            Webhook webhook = answer.webhook();
            if (webhook.expectedStatus() == 200 && !stored.contains(webhook.sha256())) {
                owed.putIfAbsent(webhook.sha256(), webhook);
            }
        }
        return List.copyOf(owed.values());
    }

    /**
     * Checks that every webhook planned was sent, waits until the bridge has settled everything, then checks every
     * line of the ledger. {@code matchedUids} are
     * the uids with an internal record; {@code allowedRepeats} is how many CRM requests or mails may have been
     * performed a second time for the same delivery (by a process killed after the destination took it and before
     * it recorded so, or after a timeout at the destination), which the Idempotency-Key and the Message-ID make
     * recognisable.
     */
    Figures balance(ProofRig rig, Set<String> matchedUids, int allowedRepeats, Duration patience) throws Exception {
        assertSentAsPlanned();
        SoftAssertions softly = new SoftAssertions();
        List<Answer> all = answers();

        Map<String, Set<String>> idsByBody = new HashMap<>();
        Map<String, Webhook> acceptedBodies = new HashMap<>();
        for (Answer answer : all) {
            Webhook webhook = answer.webhook();
            // no answer (a killed process) is never a wrong answer; a 503 only for what must be stored
            boolean expected = answer.status() == webhook.expectedStatus() || answer.status() == 0
                    || answer.status() == 503 && webhook.expectedStatus() == 200;
            softly.assertThat(expected)
                    .as("%s of %s answered %s %s", webhook.type(), webhook.uid(), answer.status(), answer.body())
                    .isTrue();
            if (answer.stored()) {
                idsByBody.computeIfAbsent(webhook.sha256(), sha -> new HashSet<>()).add(answer.eventId());
                acceptedBodies.put(webhook.sha256(), webhook);
            }
        }
        softly.assertThat(owed()).as("webhooks owed a 200 after resending").isEmpty();
        idsByBody.forEach((sha, ids) -> softly.assertThat(ids).as("event ids answered for body %s", sha).hasSize(1));

        awaitSettled(rig, patience);

        List<Map<String, Object>> events = Rows.query(rig.database,
                "SELECT id, payload_sha256, event_type, uid FROM begini_event WHERE status <> 'quarantined'");
        Map<String, String> eventIdBySha = events.stream().collect(Collectors.toMap(
                row -> (String) row.get("payload_sha256"), row -> row.get("id").toString()));
        softly.assertThat(eventIdBySha.keySet()).as("stored events are exactly the webhooks answered 200")
                .containsExactlyInAnyOrderElementsOf(acceptedBodies.keySet());
        idsByBody.forEach((sha, ids) -> softly.assertThat(ids).as("answered id of %s", sha)
                .containsOnly(eventIdBySha.get(sha)));

        List<Map<String, Object>> deliveries = Rows.query(rig.database,
                "SELECT d.id, d.event_id, d.destination, d.status FROM begini_delivery d");
        Map<String, Map<String, String>> byEvent = new HashMap<>();
        Map<String, Set<String>> doneIds = new HashMap<>();
        for (Map<String, Object> delivery : deliveries) {
            String destination = (String) delivery.get("destination");
            byEvent.computeIfAbsent(delivery.get("event_id").toString(), id -> new TreeMap<>())
                    .put(destination, (String) delivery.get("status"));
            if ("done".equals(delivery.get("status"))) {
                doneIds.computeIfAbsent(destination, d -> new HashSet<>()).add(delivery.get("id").toString());
            }
        }
        acceptedBodies.forEach((sha, webhook) -> softly
                .assertThat(byEvent.getOrDefault(eventIdBySha.get(sha), Map.of()))
                .as("deliveries of %s for %s", webhook.type(), webhook.uid())
                .isEqualTo(expectedDeliveries(webhook, matchedUids.contains(webhook.uid()))));

        List<ServeEvent> crmRequests = rig.crm.getAllServeEvents();
        List<ServeEvent> performed = crmRequests.stream()
                .filter(served -> served.getResponse().getStatus() / 100 == 2).toList();
        Map<String, Long> performedByKey = countBy(performed,
                served -> String.valueOf(served.getRequest().getHeader("Idempotency-Key")));
        softly.assertThat(performedByKey.keySet()).as("CRM requests answered 2xx, by Idempotency-Key")
                .containsExactlyInAnyOrderElementsOf(doneIds.getOrDefault("crm", Set.of()));
        softly.assertThat(crmRequests).as("every CRM request carries the token")
                .allSatisfy(served -> assertThat(served.getRequest().getHeader("Authorization"))
                        .isEqualTo("Bearer " + rig.crmToken));

        List<MimeMessage> mails = List.of(rig.smtp.getReceivedMessages());
        Map<String, Long> mailsById = countBy(mails, Ledger::messageId);
        softly.assertThat(mailsById.keySet()).as("mails, by Message-ID")
                .containsExactlyInAnyOrderElementsOf(doneIds.getOrDefault("email", Set.of()).stream()
                        .map(id -> "<" + id + "@begini-bridge>").toList());

        int repeats = repeats(performedByKey.values()) + repeats(mailsById.values());
        softly.assertThat(repeats).as("CRM requests and mails performed again for the same delivery")
                .isLessThanOrEqualTo(allowedRepeats);

        long scoreEvents = acceptedBodies.values().stream().filter(Webhook::score).count();
        int scoreRows = Rows.query(rig.database, "SELECT event_id FROM begini_score").size();
        softly.assertThat(scoreRows).as("one begini_score row per score event").isEqualTo((int) scoreEvents);
        Set<String> uids = acceptedBodies.values().stream().filter(Webhook::routed).map(Webhook::uid)
                .collect(Collectors.toSet());
        int applicationRows = Rows.query(rig.database, "SELECT uid FROM begini_application").size();
        softly.assertThat(applicationRows).as("one begini_application row per applicant").isEqualTo(uids.size());
        softly.assertAll();

        Map<String, Long> outcomes = countBy(all, Answer::outcome);
        return new Figures(all.size(), (int) all.stream().map(answer -> answer.webhook().sha256()).distinct().count(),
                new TreeMap<>(outcomes), events.size(), deliveries.size(), crmRequests.size(), performed.size(),
                performedByKey.size(), mails.size(), mailsById.size(), scoreRows, applicationRows);
    }

    /**
     * The README's routing: the database always, the CRM when the uid has a record, a mail for ended journeys; none
     * for an unknown type, which is stored as unrouted.
     */
    static Map<String, String> expectedDeliveries(Webhook webhook, boolean matched) {
        Map<String, String> expected = new TreeMap<>();
        if (!webhook.routed()) {
            return expected;
        }
        expected.put("database", "done");
        expected.put("crm", matched ? "done" : "unmatched");
        if (webhook.mailed()) {
            expected.put("email", "done");
        }
        return expected;
    }

    private static void awaitSettled(ProofRig rig, Duration patience) {
        Awaitility.await("every event routed and every delivery settled").atMost(patience)
                .pollInterval(Duration.ofMillis(500)).until(() -> Rows.query(rig.database,
                        "SELECT 1 FROM begini_event WHERE status = 'received' UNION ALL"
                                + " SELECT 1 FROM begini_delivery WHERE status = 'pending'").isEmpty());
    }

    private static int repeats(Collection<Long> counts) {
        return (int) counts.stream().mapToLong(count -> count - 1).sum();
    }

    private static <T> Map<String, Long> countBy(Collection<T> items, Function<T, String> key) {
        return items.stream().collect(Collectors.groupingBy(key, Collectors.counting()));
    }

    private static String messageId(MimeMessage mail) {
        try {
            return mail.getMessageID();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
