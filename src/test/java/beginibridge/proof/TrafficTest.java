package beginibridge.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import beginibridge.support.TestKeys;
import org.junit.jupiter.api.Test;

/**
 * What the proof suites rely on before they balance a ledger, checked without a bridge: a run that sent less than
 * it planned does not pass, and a POST counts as cut short by a kill only when it was under way as the kill came.
 */
class TrafficTest {

    private final String apiKey = TestKeys.random();

    @Test
    void should_fail_a_run_cut_short_by_its_deadline_and_pass_one_sent_whole() throws Exception {
        List<Webhook> webhooks = webhooks(3);
        URI nobody = URI.create("http://127.0.0.1:" + closedPort() + "/webhooks/begini");

        Ledger cutShort = new Ledger();
        new Traffic(cutShort).sendAll(webhooks, () -> nobody, 2, Duration.ZERO);
        Ledger whole = new Ledger();
        new Traffic(whole).sendAll(webhooks, () -> nobody, 2, Duration.ofSeconds(30));

        assertThatThrownBy(cutShort::assertSentAsPlanned).isInstanceOf(AssertionError.class)
                .hasMessageContaining("webhooks sent of the 3 planned");
        whole.assertSentAsPlanned();
        assertThat(whole.answers()).hasSize(3).allSatisfy(answer -> assertThat(answer.status()).isZero());
    }

    @Test
    void should_count_as_cut_short_only_a_post_under_way_when_the_process_died() throws Exception {
        Ledger ledger = new Ledger();
        Traffic traffic = new Traffic(ledger);
        Webhook webhook = webhooks(1).get(0);
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            URI target = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/webhooks/begini");
            CountDownLatch headRead = new CountDownLatch(1);
            CompletableFuture<Socket> held = CompletableFuture.supplyAsync(() -> holdOneRequest(server, headRead));
            CompletableFuture<Ledger.Answer> underWay = CompletableFuture.supplyAsync(() -> traffic.send(target,
                    webhook));
            assertThat(headRead.await(10, TimeUnit.SECONDS)).as("the request reached the server").isTrue();

            long killedAt = System.nanoTime();
            Socket connection = held.get(10, TimeUnit.SECONDS);
            connection.setSoLinger(true, 0); // reset, as the kernel does for a killed process
            connection.close();
            server.close();
            Ledger.Answer cut = underWay.get(10, TimeUnit.SECONDS);
            Ledger.Answer refused = traffic.send(target, webhook);

            assertThat(cut.status()).as(cut.body()).isZero();
            assertThat(cut.cutShortAt(killedAt)).as("under way at the kill, never answered: %s", cut.body()).isTrue();
            assertThat(refused.cutShortAt(killedAt)).as("sent after the kill: %s", refused.body()).isFalse();
            assertThat(cut.cutShortAt(System.nanoTime())).as("ended before that moment").isFalse();
        }
    }

    /** Accepts one connection and reads its request head, then holds it unanswered. */
    private static Socket holdOneRequest(ServerSocket server, CountDownLatch headRead) {
        try {
            Socket connection = server.accept();
            InputStream in = connection.getInputStream();
            int matched = 0;
            byte[] end = {'\r', '\n', '\r', '\n'};
            while (matched < end.length) {
                int next = in.read();
                if (next < 0) {
                    throw new IOException("closed before the end of the head");
                }
                matched = next == end[matched] ? matched + 1 : next == '\r' ? 1 : 0;
            }
            headRead.countDown();
            return connection;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Webhook> webhooks(int count) {
        Instant at = Instant.parse("2026-11-01T10:00:00Z");
        return java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> Webhook.valid("application.complete", "APP-TRAFFIC-" + i, at.plusSeconds(i), apiKey))
                .toList();
    }

    /** A local port nothing listens on: a POST to it is refused at once. */
    private static int closedPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
