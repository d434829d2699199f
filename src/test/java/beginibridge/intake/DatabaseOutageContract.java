package beginibridge.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import beginibridge.support.BridgeTestSupport;
import beginibridge.support.Inboxes;
import beginibridge.support.TestKeys;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The database goes away while the bridge runs: webhooks are answered 503 so that Begini retries, readiness goes down, nothing is half-written, and service
 * resumes by itself.
 */
abstract class DatabaseOutageContract extends BridgeTestSupport {

    final String key = TestKeys.random();

    /** Makes the database unreachable for the application. */
    protected abstract void cut();

    /** Makes it reachable again. */
    protected abstract void restore();

    @Override
    protected Map<String, String> settings() {
        return Map.of("begini.api-keys", "00000000000000000001=" + key, "db.connection-timeout-ms", "1000");
    }

    @Test
    void should_answer_503_while_the_database_is_down_and_recover_without_restart() throws Exception {
        byte[] before = completedWebhook("APP-before");
        byte[] during = completedWebhook("APP-during");
        assertThat(postSigned(before, key).statusCode()).isEqualTo(200);
        assertThat(management("/observe/health/ready").statusCode()).isEqualTo(200);

        cut();
        var refused = postSigned(during, key);
        var readyWhileDown = Awaitility.await().atMost(Duration.ofSeconds(15))
                .until(() -> management("/observe/health/ready"), answer -> answer.statusCode() == 503);
        restore();

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(refused.body()).isEqualTo("{\"detail\":\"Temporarily unavailable\"}");
        assertThat(Inboxes.count(database())).isEqualTo(1);
        // Begini retries; the pool replaces its broken connections within a second or so
        List<Integer> retries = new ArrayList<>();
        HttpResponse<String> retried = Awaitility.await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> record(retries, postSigned(during, key)), answer -> answer.statusCode() == 200);
        assertThat(retries).allMatch(status -> status == 503 || status == 200);
        assertThat(readyWhileDown.body()).contains("DOWN");
        Awaitility.await().atMost(Duration.ofSeconds(15))
                .until(() -> management("/observe/health/ready").statusCode() == 200);
        assertThat(retried.body()).startsWith("{\"status\":\"accepted\"");
        assertThat(Inboxes.count(database())).isEqualTo(2);
    }

    private static HttpResponse<String> record(List<Integer> statuses, HttpResponse<String> answer) {
        statuses.add(answer.statusCode());
        return answer;
    }
}
