package beginibridge.db;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Leader/follower group commit: one write in flight at a time, carrying every request queued while the one before it
 * ran. A request that finds no write in flight writes at once (alone, when nothing else is waiting: no timer); a
 * request that finds one queues, and when that write ends the oldest queued request leads the next write, taking up
 * to {@code maxBatch} queued requests with it. Each request is answered with its own result, or with the failure of
 * the write that carried it.
 * <p>
 * Deadlines: a request still queued at its deadline leaves the queue and fails with {@link SQLTimeoutException}; once
 * taken into a write it waits for that write, whose statements get the earliest deadline of the batch, so nobody
 * waits past their own by more than the whole-second rounding of JDBC's query timeout (and a one-second margin
 * against a write that overruns its statement timeout).
 *
 * <p>
 * The inbox writes webhooks this way, and the dispatcher the outcomes of the deliveries' attempts.
 *
 * @param <R> a request
 * @param <A> its answer
 */
public final class GroupCommit<R, A> {

    /** Writes a batch in one transaction and answers each request, in order; throws when nothing was stored. */
    public interface BatchWriter<R, A> {
        List<A> write(List<R> requests, long deadlineNanos) throws SQLException;
    }

    /** How long past its deadline a request taken into a write waits for it, beyond the whole-second rounding. */
    private static final long OVERRUN_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** What is written, for the failures' messages: "the inbox", for instance. */
    private final String subject;
    private final BatchWriter<R, A> writer;
    private final int maxBatch;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Pending<R, A>> queue = new ArrayDeque<>();
    private boolean writing;
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong written = new AtomicLong();

    public GroupCommit(String subject, BatchWriter<R, A> writer, int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("The batch size of " + subject + " must be at least 1");
        }
        this.subject = subject;
        this.writer = writer;
        this.maxBatch = maxBatch;
    }

    /** Requests waiting for a write (not counting those of the write in flight). */
    public int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Writes attempted so far (one transaction each), successful or not. */
    public long writes() {
        return writes.get();
    }

    /** Requests those writes carried. */
    public long written() {
        return written.get();
    }

    /** Stores the request, with others that arrive meanwhile, and answers it once their write has committed. */
    public A submit(R request, long deadlineNanos) throws SQLException {
        Pending<R, A> own = new Pending<>(request, deadlineNanos);
        lock.lock();
        try {
            if (writing) {
                queue.addLast(own);
            } else {
                writing = true;
                own.leads = true;
            }
        } finally {
            lock.unlock();
        }
        if (!own.leads) {
            awaitTurn(own);
            if (own.done) {
                return own.answer();
            }
        }
        List<Pending<R, A>> batch;
        lock.lock();
        try {
            batch = takeBatch(own);
        } finally {
            lock.unlock();
        }
        write(batch);
        return own.answer();
    }

    /**
     * Waits, without the shared lock, until the request is answered or leads the next write; leaves the queue at its
     * deadline.
     */
    private void awaitTurn(Pending<R, A> own) throws SQLException {
        boolean interrupted = false;
        try {
            while (true) {
                int state = own.state;
                if (state != QUEUED && state != TAKEN) {
                    return; // answered, or leads the next write
                }
                long waitUntil = state == TAKEN
                        ? own.deadline + wholeSecondRounding(own.deadline, own.takenAt) + OVERRUN_NANOS
                        : own.deadline;
                long left = waitUntil - System.nanoTime();
                if (left <= 0 || interrupted) {
                    lock.lock();
                    try {
                        if (own.state == QUEUED) {
                            queue.remove(own);
                            own.state = WITHDRAWN;
                            throw new SQLTimeoutException(interrupted ? "Interrupted while queued for " + subject
                                    : "Queued for " + subject + " past its deadline");
                        }
                        if (own.state == TAKEN) {
                            throw new SQLTimeoutException("The write of " + subject + " carrying this request"
                                    + " outlasted its deadline");
                        }
                    } finally {
                        lock.unlock();
                    }
                    continue; // answered or made leader meanwhile
                }
                LockSupport.parkNanos(this, left);
                if (Thread.interrupted()) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Under the lock: the leader's own request first, then the oldest queued ones, up to the batch size. A request
     * already past its deadline (the leader's own too, when it waited that long for its turn) is answered with the
     * timeout instead of shortening the write's deadline for the others.
     */
    private List<Pending<R, A>> takeBatch(Pending<R, A> leader) {
        queue.remove(leader);
        List<Pending<R, A>> batch = new ArrayList<>(Math.min(maxBatch, queue.size() + 1));
        long now = System.nanoTime();
        Pending<R, A> next = leader;
        while (next != null) {
            if (next.deadline - now <= 0) {
                next.failure = new SQLTimeoutException("Queued for " + subject + " past its deadline");
                next.done = true;
                next.wake(DONE);
            } else {
                next.takenAt = now;
                next.state = TAKEN;
                batch.add(next);
            }
            next = batch.size() < maxBatch ? queue.pollFirst() : null;
        }
        return batch;
    }

    private void write(List<Pending<R, A>> batch) {
        List<A> answers = null;
        Throwable failure = null;
        try {
            if (!batch.isEmpty()) {
                long deadline = batch.get(0).deadline;
                List<R> requests = new ArrayList<>(batch.size());
                for (Pending<R, A> pending : batch) {
                    deadline = Math.min(deadline, pending.deadline);
                    requests.add(pending.request);
                }
                writes.incrementAndGet();
                written.addAndGet(batch.size());
                answers = writer.write(requests, deadline);
                if (answers.size() != batch.size()) {
                    throw new IllegalStateException("The write of " + subject + " answered " + answers.size()
                            + " of " + batch.size() + " requests");
                }
            }
        } catch (SQLException | RuntimeException | Error e) {
            failure = e;
            answers = null;
        } finally {
            finish(batch, answers, failure);
        }
    }

    /**
     * Hands the next write to the oldest request still queued (first, so that it starts at once), then answers every
     * request of the batch.
     */
    private void finish(List<Pending<R, A>> batch, List<A> answers, Throwable failure) {
        Pending<R, A> next;
        lock.lock();
        try {
            next = queue.peekFirst();
            if (next == null) {
                writing = false;
            } else {
                next.state = LEADS;
            }
        } finally {
            lock.unlock();
        }
        if (next != null) {
            LockSupport.unpark(next.thread);
        }
        for (int i = 0; i < batch.size(); i++) {
            Pending<R, A> pending = batch.get(i);
            if (answers != null) {
                pending.answer = answers.get(i);
            } else {
                pending.failure = failure != null ? failure
                        : new IllegalStateException("The write of " + subject + " ended without an answer");
            }
            pending.done = true;
            pending.wake(DONE);
        }
    }

    /** What JDBC's whole-second query timeout may add to a deadline counted from when the write began. */
    private static long wholeSecondRounding(long deadline, long takenAt) {
        long left = Math.max(0, deadline - takenAt);
        long second = TimeUnit.SECONDS.toNanos(1);
        long rounded = Math.max(second, (left + second - 1) / second * second);
        return rounded - left;
    }

    private static final int QUEUED = 0;
    private static final int TAKEN = 1;
    private static final int LEADS = 2;
    private static final int DONE = 3;
    private static final int WITHDRAWN = 4;

    private static final class Pending<R, A> {
        final R request;
        final long deadline;
        final Thread thread = Thread.currentThread();
        /** Written under the lock (or, for DONE, by the write's leader after it), read by the waiting thread. */
        volatile int state = QUEUED;
        volatile long takenAt;
        /** Set by the thread that submitted it, before anyone else sees the request. */
        boolean leads;
        /** Set before {@link #state} becomes DONE, read after: the volatile write publishes them. */
        boolean done;
        A answer;
        Throwable failure;

        Pending(R request, long deadline) {
            this.request = request;
            this.deadline = deadline;
        }

        void wake(int newState) {
            state = newState;
            LockSupport.unpark(thread);
        }

        /** Outside the lock, once done: happens-after the write through the lock that set it. */
        A answer() throws SQLException {
            if (failure == null) {
                return answer;
            }
            if (failure instanceof SQLTimeoutException timeout) {
                throw new SQLTimeoutException(timeout.getMessage(), timeout.getSQLState(), timeout.getErrorCode(),
                        timeout);
            }
            if (failure instanceof SQLException sql) {
                throw new SQLException(sql.getMessage(), sql.getSQLState(), sql.getErrorCode(), sql);
            }
            if (failure instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("A write failed", failure);
        }
    }
}
