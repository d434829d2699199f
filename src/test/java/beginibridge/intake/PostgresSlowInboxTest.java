package beginibridge.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import beginibridge.support.BridgeTestSupport;
import beginibridge.support.Inboxes;
import beginibridge.support.RawConnection;
import beginibridge.support.TestDatabase;
import beginibridge.support.TestKeys;
import org.junit.jupiter.api.Test;

/**
 * The inbox table is locked (a long migration, a stuck transaction) while webhooks keep coming.
 * More signed webhooks than the HTTP server has worker threads wait on the lock; meanwhile the answers that need no
 * database (403, 405, 413, 415, a malformed request's 400) still come at once, and every signed webhook gets 503
 * within the inbox's statement timeout, then 200 once the lock is gone.
 */
class PostgresSlowInboxTest extends BridgeTestSupport {

    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(3);
    /** More than Vert.x's 20 worker threads, so that before the gate a refusal queued behind them. */
    private static final int BLOCKED_WEBHOOKS = 30;

    private final String key = TestKeys.random();

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.postgres();
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of("begini.api-keys", "00000000000000000001=" + key,
                "db.inbox-write-timeout", WRITE_TIMEOUT.toSeconds() + "s",
                "begini.max-body-bytes", "10000", "http.max-buffered-body-bytes", "100000");
    }

    @Test
    void should_answer_refusals_at_once_and_signed_webhooks_503_within_the_timeout_while_the_inbox_is_locked()
            throws Exception {
        ExecutorService begini = Executors.newFixedThreadPool(BLOCKED_WEBHOOKS);
        try (Connection locker = DriverManager.getConnection(database().url(), database().user(),
                database().password()); Statement lock = locker.createStatement()) {
            locker.setAutoCommit(false);
            lock.execute("LOCK TABLE begini_event IN ACCESS EXCLUSIVE MODE");

            List<Future<HttpResponse<String>>> blocked = new ArrayList<>();
            for (int i = 0; i < BLOCKED_WEBHOOKS; i++) {
                byte[] body = completedWebhook("APP-LOCKED-" + i);
                blocked.add(begini.submit(() -> postSigned(body, key)));
            }
            Thread.sleep(500); // every worker thread is taken by then

            List<Long> refusalMillis = new ArrayList<>();
            refusalMillis.add(timed(403, () -> postWebhook(completedWebhook("APP-FORGED"),
                    Map.of("Content-Type", "application/json", "X-Signature", "ab".repeat(64)))));
            refusalMillis.add(timed(405, () -> send("GET", "/webhooks/begini", null, Map.of())));
            refusalMillis.add(timed(413, () -> postSigned(new byte[20_000], key)));
            refusalMillis.add(timed(415, () -> postWebhook(completedWebhook("APP-TEXT"), Map.of("Content-Type", "text/plain"))));
            long started = System.nanoTime();
            try (RawConnection malformed = RawConnection.open(httpPort)) {
                malformed.send("POST /webhooks/begini HTTP/1.1\r\nHost: bridge\r\nContent-Length: abc\r\n\r\n");
                RawConnection.Closed answer = malformed.awaitClose(Duration.ofSeconds(10));
                assertThat(answer.statusLine()).isEqualTo("HTTP/1.1 400 Bad Request");
                assertThat(answer.body()).isEqualTo("{\"detail\":\"Bad Request\"}");
            }
            refusalMillis.add((System.nanoTime() - started) / 1_000_000);
            System.out.println("With the inbox locked, refusals answered in (ms): " + refusalMillis);
            // a refusal queued behind the blocked webhooks would wait for their statements to time out: what is
            // left of db.inbox-write-timeout after the half second above, at least
            assertThat(refusalMillis).allMatch(millis -> millis < WRITE_TIMEOUT.toMillis() / 2);

            for (Future<HttpResponse<String>> waiting : blocked) {
                HttpResponse<String> answer = waiting.get();
                assertThat(answer.statusCode()).isEqualTo(503);
                assertThat(answer.body()).isEqualTo("{\"detail\":\"Temporarily unavailable\"}");
            }
            long alone = System.nanoTime();
            assertThat(postSigned(completedWebhook("APP-LOCKED-ALONE"), key).statusCode()).isEqualTo(503);
            assertThat(Duration.ofNanos(System.nanoTime() - alone)).isLessThan(WRITE_TIMEOUT.plusSeconds(1));
            locker.rollback();
        } finally {
            begini.shutdownNow();
        }
        assertThat(postSigned(completedWebhook("APP-LOCKED-ALONE"), key).statusCode()).isEqualTo(200);
        assertThat(postSigned(completedWebhook("APP-LOCKED-0"), key).statusCode()).isEqualTo(200);
        assertThat(Inboxes.count(database())).isEqualTo(2);
    }

    private interface Call {
        HttpResponse<String> send() throws Exception;
    }

    private static long timed(int expectedStatus, Call call) throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> answer = call.send();
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(expectedStatus);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
        return millis;
    }
}
