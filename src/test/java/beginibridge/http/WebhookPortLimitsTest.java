package beginibridge.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoublePredicate;

import beginibridge.support.BridgeTestSupport;
import beginibridge.support.RawConnection;
import beginibridge.support.Signatures;
import beginibridge.support.TestDatabase;
import beginibridge.support.TestKeys;
import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The webhook port's bounds on what an unauthenticated client can make it hold, each driven over a raw TCP
 * connection against the running application: time (idle and whole-request deadlines), connections, and bytes of
 * bodies not yet verified; and HTTP/1.1 only.
 */
class WebhookPortLimitsTest extends BridgeTestSupport {

    private static final Duration IDLE = Duration.ofSeconds(2);
    private static final Duration DEADLINE = Duration.ofSeconds(4);
    /** Timers fire on a busy shared machine: what "at once" and "on time" are allowed beyond the setting. */
    private static final Duration SLACK = Duration.ofSeconds(3);
    private static final int MAX_BODY = 100_000;
    private static final int MAX_CONNECTIONS = 40;

    private final String key = TestKeys.random();

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.h2();
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of("begini.api-keys", "00000000000000000001=" + key,
                "http.idle-timeout", IDLE.toMillis() + "ms",
                "http.request-timeout", DEADLINE.toMillis() + "ms",
                "http.max-connections", String.valueOf(MAX_CONNECTIONS),
                "begini.max-body-bytes", String.valueOf(MAX_BODY),
                "http.max-buffered-body-bytes", String.valueOf(2 * MAX_BODY));
    }

    @Test
    void should_close_a_connection_that_sends_nothing_after_the_idle_timeout() throws Exception {
        try (RawConnection idle = RawConnection.open(httpPort)) {
            RawConnection.Closed closed = idle.awaitClose(IDLE.plus(SLACK));

            assertThat(closed.received()).isEmpty();
            assertThat(closed.afterOpening()).isGreaterThanOrEqualTo(IDLE.minusMillis(100));
        }
    }

    @Test
    void should_close_a_connection_whose_request_head_drips_in_past_the_deadline() throws Exception {
        try (RawConnection dripping = RawConnection.open(httpPort)) {
            dripping.send("POST /webhooks/begini HTTP/1.1\r\nHost: bridge\r\n");
            // a byte every half second keeps it from ever being idle
            String header = "X-Padding: " + "a".repeat(200);
            long until = System.nanoTime() + DEADLINE.plus(SLACK).toNanos();
            for (int i = 0; i < header.length() && System.nanoTime() < until; i++) {
                if (!dripping.trySend(header.substring(i, i + 1))) {
                    break;
                }
                Thread.sleep(500);
            }
            RawConnection.Closed closed = dripping.awaitClose(SLACK);

            // bytes of an unfinished head do not count as activity (Vert.x sees no request yet), so the idle timeout
            // closes it first; the whole-request deadline would otherwise
            assertThat(closed.received()).as("no answer to a head that never ended").isEmpty();
            assertThat(closed.afterOpening()).isBetween(IDLE.minusMillis(100), DEADLINE.plus(SLACK));
        }
    }

    @Test
    void should_answer_408_to_a_body_that_is_not_whole_by_the_deadline_and_close() throws Exception {
        try (RawConnection slow = RawConnection.open(httpPort)) {
            slow.send(head(1_000) + "0123456789");
            long until = System.nanoTime() + DEADLINE.plus(SLACK).toNanos();
            while (System.nanoTime() < until && slow.trySend("x")) {
                Thread.sleep(500);
            }
            RawConnection.Closed closed = slow.awaitClose(SLACK);

            assertThat(closed.statusLine()).isEqualTo("HTTP/1.1 408 Request Timeout");
            assertThat(closed.received()).contains("Content-Type: application/json");
            assertThat(closed.body()).isEqualTo("{\"detail\":\"Request Timeout\"}");
            assertThat(closed.afterOpening()).isBetween(DEADLINE.minusMillis(100), DEADLINE.plus(SLACK));
        }
        // the body handler's own complaint about the cut-off body is neither counted as an answer nor answered
        assertThat(logs.lines()).noneMatch(line -> line.contains("Webhook 200 accepted event=-"))
                .noneMatch(line -> line.contains("answered 500 outside the routes"));
    }

    @Test
    void should_answer_a_malformed_request_in_json_and_close_its_connection_at_once() throws Exception {
        try (RawConnection malformed = RawConnection.open(httpPort)) {
            malformed.send("POST /webhooks/begini HTTP/1.1\r\nHost: bridge\r\nContent-Length: twelve\r\n\r\n");
            RawConnection.Closed answer = malformed.awaitClose(IDLE.dividedBy(2));

            assertThat(answer.statusLine()).isEqualTo("HTTP/1.1 400 Bad Request");
            assertThat(answer.body()).isEqualTo("{\"detail\":\"Bad Request\"}");
        }
    }

    @Test
    void should_answer_503_at_once_when_the_buffered_body_budget_has_no_room_and_still_take_small_webhooks()
            throws Exception {
        // 2 x 70 KB fill the three quarters of the budget that bodies over 64 KiB may use
        try (RawConnection first = RawConnection.open(httpPort).send(head(70_000) + "{");
             RawConnection second = RawConnection.open(httpPort).send(head(70_000) + "{")) {
            awaitGauge("begini.http.buffered.body.bytes", bytes -> bytes >= 2 * 70_000); // both bodies reserved
            try (RawConnection third = RawConnection.open(httpPort)) {
                // the body keeps coming after the refusal: it is read and dropped, so the answer is not reset away
                third.send(head(70_000) + "{" + " ".repeat(60_000));
                RawConnection.Closed refused = third.awaitClose(SLACK);

                assertThat(refused.statusLine()).isEqualTo("HTTP/1.1 503 Service Unavailable");
                assertThat(refused.body()).isEqualTo("{\"detail\":\"Temporarily unavailable\"}");
            }
            HttpResponse<String> small = postSigned(completedWebhook("APP-BUDGET"), key);
            assertThat(small.statusCode()).as(small.body()).isEqualTo(200);
            String metrics = management("/observe/metrics").body();
            assertThat(metrics).containsPattern("begini_webhooks_total\\{outcome=\"overloaded\"} [1-9]")
                    .containsPattern("begini_http_buffered_body_bytes [1-9]")
                    .containsPattern("begini_http_connections [1-9]");
        }
        // the server learns of the two closes on its own event loop, a moment after the client has closed them
        awaitGauge("begini.http.buffered.body.bytes", bytes -> bytes == 0);
        HttpResponse<String> afterwards = postSigned(bigWebhook("APP-BUDGET-LATER", 70_000), key);
        assertThat(afterwards.statusCode()).as("the two uploads' bytes are given back when they are cut off")
                .isEqualTo(200);
    }

    @Test
    void should_answer_503_on_connections_past_the_cap_and_serve_again_once_they_close() throws Exception {
        List<RawConnection> held = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_CONNECTIONS; i++) {
                held.add(RawConnection.open(httpPort));
            }
            awaitGauge("begini.http.connections", open -> open >= MAX_CONNECTIONS);
            try (RawConnection past = RawConnection.open(httpPort)) {
                byte[] body = completedWebhook("APP-CAP");
                past.send(head(body.length, Signatures.sign(body, key))).send(body);
                RawConnection.Closed refused = past.awaitClose(SLACK);

                assertThat(refused.statusLine()).isEqualTo("HTTP/1.1 503 Service Unavailable");
                assertThat(refused.body()).isEqualTo("{\"detail\":\"Temporarily unavailable\"}");
            }
        } finally {
            for (RawConnection connection : held) {
                connection.close();
            }
        }
        awaitGauge("begini.http.connections", open -> open < MAX_CONNECTIONS);
        assertThat(postSigned(completedWebhook("APP-CAP"), key).statusCode()).isEqualTo(200);
    }

    @Test
    void should_not_speak_http2_in_clear_text_by_prior_knowledge() throws Exception {
        try (RawConnection h2 = RawConnection.open(httpPort)) {
            h2.send("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
            // an HTTP/2 server would answer with a SETTINGS frame: 9 bytes of frame header, type 4
            RawConnection.Closed answer = h2.awaitClose(IDLE.plus(SLACK));

            assertThat(answer.received()).doesNotContain("\u0000\u0000\u0004");
            assertThat(answer.received()).as("nothing, or an HTTP/1 error text")
                    .matches("(?s)|HTTP/\\d\\.\\d [45]\\d\\d .*");
        }
    }

    @Test
    void should_not_upgrade_to_http2_in_clear_text() throws Exception {
        try (RawConnection upgrade = RawConnection.open(httpPort)) {
            byte[] body = completedWebhook("APP-H2C");
            upgrade.send("POST /webhooks/begini HTTP/1.1\r\nHost: bridge\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                    + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\nContent-Type: application/json\r\n"
                    + "X-Signature: " + Signatures.sign(body, key) + "\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .send(body);

            assertThat(upgrade.readStatusLine(SLACK.plus(SLACK))).isEqualTo("HTTP/1.1 200 OK");
        }
    }

    @Test
    void should_refuse_a_forged_webhook_on_the_event_loop_with_its_documented_answer() throws Exception {
        HttpResponse<String> forged = postWebhook(completedWebhook("APP-FORGED"), Map.of("Content-Type", "application/json",
                "X-Signature", "00".repeat(64)));

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).isEqualTo("{\"detail\":\"Validation Failure\"}");
        assertThat(forged.headers().firstValue("Content-Type")).hasValue("application/json");
    }

    /**
     * Waits, no longer than {@link #SLACK}, until a gauge of the webhook port passes: read in the registry, not
     * scraped, since the held connections are closed once idle for {@link #IDLE}.
     */
    private void awaitGauge(String name, DoublePredicate passes) {
        MeterRegistry meters = context.getRegistry().findSingleByType(MeterRegistry.class);
        Awaitility.await(name).atMost(SLACK).pollInterval(Duration.ofMillis(10))
                .until(() -> passes.test(meters.get(name).gauge().value()));
    }

    private static String head(int contentLength) {
        return head(contentLength, "00".repeat(64));
    }

    private static String head(int contentLength, String signature) {
        return "POST /webhooks/begini HTTP/1.1\r\nHost: bridge\r\nContent-Type: application/json\r\nX-Signature: "
                + signature + "\r\nContent-Length: " + contentLength + "\r\n\r\n";
    }


    private static byte[] bigWebhook(String uid, int size) {
        String start = "{\"uid\":\"" + uid + "\",\"integration_id\":\"00000000000000000001\",\"event\":{\"type\":"
                + "\"application.complete\",\"details\":{\"padding\":\"";
        String end = "\"}}}";
        return (start + "p".repeat(size - start.length() - end.length()) + end).getBytes(StandardCharsets.UTF_8);
    }
}
