package beginibridge.http;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of request bodies the webhook port may buffer at once, across every request in flight. A body is
 * buffered whole before its signature can be checked, so without this bound a few hundred unauthenticated uploads
 * of just under the size cap exhaust the heap. A request reserves its declared length before a byte of its body is
 * read, and gives it back when it is answered or its connection closes.
 *
 * <p>Bodies larger than {@link #SMALL_BODY} may use only three quarters of the budget: the last quarter is kept for
 * bodies of a webhook's usual size (a few KB), so large hostile uploads cannot crowd out Begini's real ones. Many
 * connections of small bodies can still fill it, as many as {@code http.max-connections} allows: a per-source limit
 * belongs in front of the bridge (a load balancer sees the real sources).
 */
public final class BodyBudget {

    static final long SMALL_BODY = 16 * 1024;

    private final long limit;
    private final long largeBodyLimit;
    private final AtomicLong held = new AtomicLong();

    public BodyBudget(long limit) {
        this.limit = limit;
        this.largeBodyLimit = limit - limit / 4;
    }

    /** Reserves these bytes if the budget has room for them; false (and nothing reserved) otherwise. */
    public boolean tryReserve(long bytes) {
        long ceiling = bytes > SMALL_BODY ? largeBodyLimit : limit;
        while (true) {
            long now = held.get();
            if (now + bytes > ceiling) {
                return false;
            }
            if (held.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    public void release(long bytes) {
        held.addAndGet(-bytes);
    }

    /** Bytes reserved now (a gauge). */
    public long held() {
        return held.get();
    }
}
