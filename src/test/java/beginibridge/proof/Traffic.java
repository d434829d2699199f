package beginibridge.proof;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Sends webhooks as Begini would, each answer written to the ledger: concurrently, bounded in count and time, to
 * 127.0.0.1 only, spread over the given bridges' ports; and again, later, for every webhook still owed a 200.
 */
final class Traffic {

    private final Ledger ledger;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    Traffic(Ledger ledger) {
        this.ledger = ledger;
    }

    /** POSTs one webhook and records the answer, or its absence. */
    Ledger.Answer send(URI target, Webhook webhook) {
        HttpRequest request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("X-Signature", webhook.signature())
                .POST(HttpRequest.BodyPublishers.ofByteArray(webhook.body()))
                .build();
        Ledger.Answer answer;
        long started = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            answer = new Ledger.Answer(webhook, response.statusCode(), response.body(), since(started));
        } catch (IOException noAnswer) {
            answer = new Ledger.Answer(webhook, 0, noAnswer.getClass().getSimpleName(), since(started));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        ledger.record(answer);
        return answer;
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /**
     * Sends the webhooks from {@code threads} senders, the i-th to {@code targets.get()} at the time it is sent (so
     * a suite can move traffic between bridges), and returns when all are answered or the deadline has passed. The
     * ledger learns how many were planned and how many went out, so that one cut short by the deadline does not
     * balance.
     */
    void sendAll(List<Webhook> webhooks, Supplier<URI> targets, int threads, Duration deadline) throws Exception {
        ledger.plan(webhooks.size());
        ExecutorService senders = Executors.newFixedThreadPool(threads);
        AtomicInteger next = new AtomicInteger();
        Instant end = Instant.now().plus(deadline);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int thread = 0; thread < threads; thread++) {
                running.add(senders.submit(() -> {
                    for (int i = next.getAndIncrement(); i < webhooks.size() && Instant.now().isBefore(end);
                            i = next.getAndIncrement()) {
                        send(targets.get(), webhooks.get(i));
                        ledger.sentAsPlanned();
                    }
                }));
            }
            for (Future<?> sender : running) {
                sender.get(deadline.toMillis() + 15_000, TimeUnit.MILLISECONDS);
            }
        } finally {
            senders.shutdownNow();
        }
    }

    /** Sends every webhook still owed a 200 again, as Begini does on any other answer, until none is owed. */
    void resendOwed(URI target, Duration deadline) throws InterruptedException {
        Instant end = Instant.now().plus(deadline);
        List<Webhook> owed = ledger.owed();
        while (!owed.isEmpty() && Instant.now().isBefore(end)) {
            owed.forEach(webhook -> send(target, webhook));
            owed = ledger.owed();
            if (!owed.isEmpty()) {
                Thread.sleep(500);
            }
        }
    }
}
