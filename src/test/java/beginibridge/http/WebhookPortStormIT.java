package beginibridge.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import beginibridge.support.BridgeProcess;
import beginibridge.support.Signatures;
import beginibridge.support.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the packaged jar with a small heap: 500 connections holding partial bodies of almost the size
 * cap, 1,000 idle connections and 100 bodies dripping in a byte a second, opened at 1,000 a second and held at once. Throughout, Begini's signed
 * webhooks are answered 200 within a second, the process stays up and live, and the server closes every hostile
 * connection within its timeout plus 5 s; afterwards it stops on SIGTERM.
 */
class WebhookPortStormIT {

    private static final Duration IDLE = Duration.ofSeconds(5);
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final Duration GRACE = Duration.ofSeconds(5);
    private static final int MAX_BODY = 1_048_576;
    /**
     * The attack's pace: 1,600 connections in 1.6 s, all held at once (the shortest timeout is 5 s). The issue's own
     * attack opened 260 in a second; opening them faster measures this test's two cores, shared with the bridge,
     * more than the bridge.
     */
    private static final int OPENED_PER_SECOND = 1_000;
    /** Begini's side: each sends a signed webhook every 100 ms, so that the p99 rests on a few hundred answers. */
    private static final int SENDERS = 4;

    @TempDir
    Path workDir;

    @Test
    void should_serve_signed_webhooks_and_shed_every_hostile_connection_on_a_small_heap() throws Exception {
        String key = TestKeys.random();
        Map<String, String> environment = new HashMap<>();
        environment.put("BEGINI_API_KEYS", "00000000000000000001=" + key);
        environment.put("HTTP_IDLE_TIMEOUT", IDLE.toSeconds() + "s");
        environment.put("HTTP_REQUEST_TIMEOUT", DEADLINE.toSeconds() + "s");
        environment.put("JAVA_TOOL_OPTIONS", "-Xmx256m -XX:+ExitOnOutOfMemoryError");
        try (BridgeProcess bridge = BridgeProcess.start(workDir, "edge-storm", environment)) {
            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            List<String> failures = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean storming = new AtomicBoolean(true);
            warmUp(bridge, key, failures);
            List<Thread> begini = new ArrayList<>();
            for (int sender = 0; sender < SENDERS; sender++) {
                String uids = "APP-STORM-" + sender + "-";
                begini.add(new Thread(() -> sendSigned(bridge, key, uids, storming::get, latencies, failures)));
            }
            begini.forEach(Thread::start);

            try (HostileConnections hostile = new HostileConnections(bridge.httpPort(), OPENED_PER_SECOND)) {
                hostile.open("partial body", 500, partialBody(), false, DEADLINE.plus(GRACE));
                hostile.open("idle", 1_000, new byte[0], false, IDLE.plus(GRACE));
                hostile.open("slow drip", 100, head(2_000).getBytes(StandardCharsets.ISO_8859_1), true,
                        DEADLINE.plus(GRACE));
                long until = System.nanoTime() + DEADLINE.plus(GRACE).plusSeconds(10).toNanos();
                while (!hostile.allClosed() && System.nanoTime() < until && bridge.isAlive()) {
                    Thread.sleep(500);
                }
                boolean alive = bridge.isAlive();
                String live = alive ? live(bridge) : "exited";
                storming.set(false);
                for (Thread sender : begini) {
                    sender.join();
                }

                System.out.println("Webhook port storm: hostile connections by outcome " + hostile.outcomes()
                        + "; signed webhooks " + summary(latencies) + ", " + failures.size() + " failed");
                assertThat(alive).as("the bridge is running").isTrue();
                for (HostileConnections.Held connection : hostile.all()) {
                    assertThat(connection.heldFor()).as("%s connection, %s", connection.kind, connection.answer())
                            .isLessThanOrEqualTo(connection.bound);
                }
                assertThat(hostile.outcomes().get("partial body")).as("past the body budget: 503 at once")
                        .containsKey("HTTP/1.1 503 Service Unavailable");
                assertThat(hostile.outcomes().get("slow drip")).containsOnlyKeys("HTTP/1.1 408 Request Timeout");
                assertThat(failures).isEmpty();
                assertThat(latencies).hasSizeGreaterThan(200);
                assertThat(percentile(latencies, 0.99)).as("p99 of signed webhooks, ms").isLessThan(1000);
                assertThat(live).isEqualTo("{\"status\":\"UP\"}");
            }
            assertThat(bridge.output()).doesNotContain("java.lang.OutOfMemoryError");
            long stopping = System.nanoTime();
            bridge.stop();
            assertThat(Duration.ofNanos(System.nanoTime() - stopping)).as("SIGTERM to exit")
                    .isLessThan(Duration.ofSeconds(20));
        }
    }

    /** A first webhook compiles the intake's code: its time says nothing of the storm. */
    private static void warmUp(BridgeProcess bridge, String key, List<String> failures) {
        List<Long> ignored = new ArrayList<>();
        sendSigned(bridge, key, "APP-WARM-", () -> ignored.size() < 20, ignored, failures);
    }

    private static void sendSigned(BridgeProcess bridge, String key, String uids, BooleanSupplier going,
                                   List<Long> latencies, List<String> failures) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (int i = 0; going.getAsBoolean(); i++) {
            byte[] body = ("{\"uid\":\"" + uids + i + "\",\"integration_id\":\"00000000000000000001\",\"event\":"
                    + "{\"type\":\"application.complete\",\"details\":{}}}").getBytes(StandardCharsets.UTF_8);
            HttpRequest request = HttpRequest.newBuilder(bridge.webhookUri()).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").header("X-Signature", Signatures.sign(body, key))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            long sent = System.nanoTime();
            try {
                HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
                latencies.add((System.nanoTime() - sent) / 1_000_000);
                if (answer.statusCode() != 200) {
                    failures.add(answer.statusCode() + " " + answer.body());
                }
                Thread.sleep(100);
            } catch (Exception e) {
                failures.add(e.toString());
            }
        }
    }

    private static String live(BridgeProcess bridge) {
        HttpRequest request = HttpRequest.newBuilder(bridge.managementUri("/observe/health/live"))
                .timeout(Duration.ofSeconds(10)).build();
        try {
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception noAnswer) {
            return "no answer: " + noAnswer;
        }
    }

    /** A head declaring just under the size cap, and the first 100,000 bytes of its body. */
    private static byte[] partialBody() {
        byte[] head = head(MAX_BODY - 1).getBytes(StandardCharsets.ISO_8859_1);
        byte[] opening = new byte[head.length + 100_000];
        System.arraycopy(head, 0, opening, 0, head.length);
        Arrays.fill(opening, head.length, opening.length, (byte) ' ');
        return opening;
    }

    private static String head(int contentLength) {
        return "POST /webhooks/begini HTTP/1.1\r\nHost: bridge\r\nContent-Type: application/json\r\nX-Signature: "
                + "00".repeat(64) + "\r\nContent-Length: " + contentLength + "\r\n\r\n";
    }

    private static long percentile(List<Long> values, double rank) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(rank * sorted.size()) - 1));
    }

    private static String summary(List<Long> latencies) {
        if (latencies.isEmpty()) {
            return "none answered";
        }
        return latencies.size() + " answered, p50 " + percentile(latencies, 0.5) + " ms, p99 "
                + percentile(latencies, 0.99) + " ms, max " + percentile(latencies, 1.0) + " ms";
    }
}
