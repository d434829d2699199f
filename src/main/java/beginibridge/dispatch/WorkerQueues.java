package beginibridge.dispatch;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which deliveries wait in this instance's worker queues, one queue of {@code delivery.queue-size} per destination
 * (and which events wait in its routing queue, under the name {@code routing}). A delivery enters a queue only with a
 * reserved place, so a hand-off is never dropped (nothing waits for the poller that need not) and never repeated (the
 * poller does not queue again what is already waiting); it leaves when a worker has tried to claim it. Only this instance's memory: another instance may queue the same delivery, and the
 * claim decides which one performs it.
 */
public final class WorkerQueues {

    private final int capacity;
    private final Map<String, Set<UUID>> queued = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> sizes = new ConcurrentHashMap<>();

    public WorkerQueues(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("delivery.queue-size must be at least 1, not " + capacity);
        }
        this.capacity = capacity;
    }

    /** Reserves a place for the delivery; false when it is queued already or its queue is full. */
    public boolean reserve(UUID id, String destination) {
        AtomicInteger size = size(destination);
        if (size.incrementAndGet() > capacity) {
            size.decrementAndGet();
            return false;
        }
        if (!ids(destination).add(id)) {
            size.decrementAndGet();
            return false;
        }
        return true;
    }

    /** A worker took the delivery out of its queue. */
    public void release(UUID id, String destination) {
        if (ids(destination).remove(id)) {
            size(destination).decrementAndGet();
        }
    }

    public boolean isQueued(UUID id, String destination) {
        return ids(destination).contains(id);
    }

    public int queued(String destination) {
        return size(destination).get();
    }

    public int room(String destination) {
        return Math.max(0, capacity - queued(destination));
    }

    private Set<UUID> ids(String destination) {
        return queued.computeIfAbsent(destination, d -> ConcurrentHashMap.newKeySet());
    }

    private AtomicInteger size(String destination) {
        return sizes.computeIfAbsent(destination, d -> new AtomicInteger());
    }
}
