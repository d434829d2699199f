package beginibridge.intake;

import static beginibridge.intake.IntakeContractTest.eventId;
import static beginibridge.intake.IntakeContractTest.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import beginibridge.support.BridgeTestSupport;
import beginibridge.support.Inboxes;
import beginibridge.support.TestKeys;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The inbox's group commit, over real HTTP against the real routes: a lone webhook is written at once, webhooks that
 * arrive while a write is in flight are written together by the next one (copies of one payload made one row), and
 * a write that fails stores none of its webhooks and answers every one of them 503.
 * <p>
 * The database is given two test hooks on {@code begini_event} (the subclasses install them as each database can):
 * a row whose uid starts with {@code APP-HOLD} keeps its write in flight until the test lets it go, so that others
 * queue behind it; a row whose uid starts with {@code APP-FAIL} makes the write carrying it fail.
 */
abstract class InboxGroupCommitContract extends BridgeTestSupport {

    private static final String INTEGRATION = "00000000000000000001";

    final String key = TestKeys.random();
    private final ExecutorService begini;

    /** Adds the hold and fail hooks to the migrated {@code begini_event}. */
    protected abstract void installHooks() throws Exception;

    /** From now on, a write carrying an APP-HOLD row waits in the database until {@link #releaseWrites}. */
    protected abstract void holdWrites() throws Exception;

    protected abstract void releaseWrites() throws Exception;

    /** Whether a write carrying an APP-HOLD row is waiting in the database now. */
    protected abstract boolean writeHeld() throws Exception;

    @Override
    protected Map<String, String> settings() {
        return Map.of("begini.api-keys", INTEGRATION + "=" + key);
    }

    private boolean hooked;

    /** The schema is migrated once the bridge has started, which is before the first test runs. */
    @BeforeEach
    void hooks() throws Exception {
        if (!hooked) {
            installHooks();
            hooked = true;
        }
    }

    @AfterEach
    void letGo() throws Exception {
        releaseWrites();
    }

    @AfterAll
    void stopSenders() {
        begini.shutdownNow();
    }

    InboxGroupCommitContract() {
        begini = Executors.newCachedThreadPool();
    }

    @Test
    void should_write_a_lone_webhook_at_once_in_a_write_of_its_own() throws Exception {
        byte[] lone = webhook("APP-HOLD-lone");
        long writesBefore = metric("begini_inbox_writes_total");
        holdWrites();

        Future<HttpResponse<String>> answer = send(lone);

        // nothing else was sent and nothing waits: its write reached the database without waiting for company
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(this::writeHeld);
        assertThat(metric("begini_inbox_queued")).isZero();
        assertThat(answer).isNotDone();
        assertThat(Inboxes.withSha256(database(), sha256(lone))).as("not committed while held").isEmpty();
        releaseWrites();
        assertThat(answer.get().statusCode()).isEqualTo(200);
        assertThat(answer.get().body()).contains("\"accepted\"");
        assertThat(metric("begini_inbox_writes_total")).isEqualTo(writesBefore + 1);

        // one after another: each is committed before the next is sent, each in a write of its own
        for (int i = 0; i < 3; i++) {
            byte[] next = webhook("APP-sequential-" + i);
            HttpResponse<String> stored = send(next).get();
            assertThat(stored.statusCode()).isEqualTo(200);
            assertThat(Inboxes.withSha256(database(), sha256(next))).singleElement()
                    .satisfies(row -> assertThat(row.id().toString()).isEqualTo(eventId(stored)));
        }
        assertThat(metric("begini_inbox_writes_total")).isEqualTo(writesBefore + 4);
    }

    @Test
    void should_write_webhooks_queued_behind_a_write_together_with_copies_made_one_row() throws Exception {
        int copies = 6;
        int distinct = 4;
        byte[] copied = webhook("APP-copied");
        List<byte[]> others = new ArrayList<>();
        for (int i = 0; i < distinct; i++) {
            others.add(webhook("APP-distinct-" + i));
        }
        holdWrites();
        Future<HttpResponse<String>> ahead = send(webhook("APP-HOLD-ahead"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(this::writeHeld);
        long writesBefore = metric("begini_inbox_writes_total");
        long webhooksBefore = metric("begini_inbox_written_webhooks_total");

        List<Future<HttpResponse<String>>> copyAnswers = new ArrayList<>();
        List<Future<HttpResponse<String>>> otherAnswers = new ArrayList<>();
        for (int i = 0; i < copies; i++) {
            copyAnswers.add(send(copied));
        }
        others.forEach(body -> otherAnswers.add(send(body)));
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> metric("begini_inbox_queued") == copies + distinct);
        releaseWrites();

        assertThat(ahead.get().statusCode()).isEqualTo(200);
        List<String> copyBodies = new ArrayList<>();
        for (Future<HttpResponse<String>> answer : copyAnswers) {
            assertThat(answer.get().statusCode()).isEqualTo(200);
            copyBodies.add(answer.get().body());
        }
        List<Inboxes.Row> copyRows = Inboxes.withSha256(database(), sha256(copied));
        assertThat(copyRows).hasSize(1);
        String copyId = copyRows.get(0).id().toString();
        assertThat(copyBodies).allSatisfy(body -> assertThat(body).contains("\"event_id\":\"" + copyId + "\""));
        assertThat(copyBodies).filteredOn(body -> body.contains("\"accepted\"")).hasSize(1);
        assertThat(copyBodies).filteredOn(body -> body.contains("\"duplicate\"")).hasSize(copies - 1);
        for (int i = 0; i < distinct; i++) {
            HttpResponse<String> answer = otherAnswers.get(i).get();
            assertThat(answer.body()).contains("\"accepted\"");
            assertThat(Inboxes.withSha256(database(), sha256(others.get(i)))).singleElement()
                    .satisfies(row -> assertThat(row.id().toString()).isEqualTo(eventId(answer)));
        }
        // every webhook that queued behind the held write went into the next one: one write, one commit
        assertThat(metric("begini_inbox_writes_total")).isEqualTo(writesBefore + 1);
        assertThat(metric("begini_inbox_written_webhooks_total")).isEqualTo(webhooksBefore + copies + distinct);
    }

    @Test
    void should_answer_every_webhook_of_a_failed_write_503_and_store_none_of_them() throws Exception {
        byte[] refused = webhook("APP-FAIL-in-batch");
        List<byte[]> good = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            good.add(webhook("APP-beside-failure-" + i));
        }
        holdWrites();
        Future<HttpResponse<String>> ahead = send(webhook("APP-HOLD-before-failure"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(this::writeHeld);
        long writesBefore = metric("begini_inbox_writes_total");

        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        good.forEach(body -> answers.add(send(body)));
        answers.add(send(good.get(0))); // a copy too
        answers.add(send(refused));
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> metric("begini_inbox_queued") == good.size() + 2);
        releaseWrites();

        assertThat(ahead.get().statusCode()).as("the write ahead, which carried no refused row").isEqualTo(200);
        for (Future<HttpResponse<String>> answer : answers) {
            assertThat(answer.get().statusCode()).isEqualTo(503);
            assertThat(answer.get().body()).isEqualTo("{\"detail\":\"Temporarily unavailable\"}");
        }
        assertThat(metric("begini_inbox_writes_total")).as("they were one write").isEqualTo(writesBefore + 1);
        for (byte[] body : good) {
            assertThat(Inboxes.withSha256(database(), sha256(body))).isEmpty();
        }
        assertThat(Inboxes.withSha256(database(), sha256(refused))).isEmpty();

        // Begini sends them again: new events, not duplicates of anything half-stored
        for (byte[] body : good) {
            HttpResponse<String> again = send(body).get();
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(again.body()).contains("\"accepted\"");
        }
    }

    @Test
    void should_answer_a_webhook_queued_past_its_deadline_503_while_the_write_ahead_is_still_held() throws Exception {
        byte[] late = webhook("APP-HOLD-queued-too-long");
        holdWrites();
        Future<HttpResponse<String>> ahead = send(webhook("APP-HOLD-stuck-ahead"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(this::writeHeld);

        Future<HttpResponse<String>> queued = send(late);

        // db.inbox-write-timeout counts the time queued: the answer comes while the write ahead is still held
        HttpResponse<String> answer = Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> queued.isDone() ? queued.get() : null, done -> done != null);
        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.body()).isEqualTo("{\"detail\":\"Temporarily unavailable\"}");
        assertThat(ahead.isDone() ? ahead.get().statusCode() : 503).as("the write ahead failed or is still held")
                .isEqualTo(503);
        releaseWrites();
        ahead.get();
        assertThat(Inboxes.withSha256(database(), sha256(late))).isEmpty();
    }

    private Future<HttpResponse<String>> send(byte[] body) {
        return begini.submit(() -> postSigned(body, key));
    }

    /** A value of the bridge's own metrics, as Prometheus reads it. */
    long metric(String name) throws Exception {
        String exposition = management("/observe/metrics").body();
        Matcher value = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*})? ([0-9.eE+-]+)$").matcher(exposition);
        assertThat(value.find()).as("metric %s", name).isTrue();
        return (long) Double.parseDouble(value.group(1));
    }

    static byte[] webhook(String uid) {
        return ("{\"uid\":\"" + uid + "\",\"integration_id\":\"" + INTEGRATION + "\",\"event\":{\"type\":"
                + "\"application.complete\",\"details\":{\"application_completed_at\":1795000900}}}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
