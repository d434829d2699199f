package beginibridge.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The group commit's hand-over between requests, with a writer the test holds and inspects (no database). */
class GroupCommitTest {

    private final ExecutorService callers = Executors.newCachedThreadPool();
    private final List<List<String>> batches = new CopyOnWriteArrayList<>();
    private final List<String> writerThreads = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile boolean holdFirst = true;

    @AfterEach
    void stop() {
        release.countDown();
        callers.shutdownNow();
    }

    /** Answers each request with its own text upper-cased; holds the first write until released; fails on "fail". */
    private List<String> write(List<String> requests, long deadline) throws SQLException {
        batches.add(List.copyOf(requests));
        writerThreads.add(Thread.currentThread().getName());
        if (holdFirst) {
            holdFirst = false;
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new SQLException(e);
            }
        }
        if (requests.contains("fail")) {
            throw new SQLException("refused", "08006");
        }
        List<String> answers = new ArrayList<>();
        requests.forEach(request -> answers.add(request.toUpperCase()));
        return answers;
    }

    private static long in(Duration duration) {
        return System.nanoTime() + duration.toNanos();
    }

    @Test
    void should_write_a_lone_request_at_once_on_its_own_thread() throws Exception {
        holdFirst = false;
        GroupCommit<String, String> group = new GroupCommit<>("the test", this::write, 10);

        assertThat(group.submit("alone", in(Duration.ofSeconds(5)))).isEqualTo("ALONE");
        assertThat(group.submit("next", in(Duration.ofSeconds(5)))).isEqualTo("NEXT");

        assertThat(batches).containsExactly(List.of("alone"), List.of("next"));
        assertThat(writerThreads).containsOnly(Thread.currentThread().getName());
        assertThat(group.writes()).isEqualTo(2);
        assertThat(group.queued()).isZero();
    }

    @Test
    void should_write_what_queued_behind_a_write_in_one_batch_bounded_by_the_batch_size() throws Exception {
        GroupCommit<String, String> group = new GroupCommit<>("the test", this::write, 3);
        Future<String> first = callers.submit(() -> group.submit("first", in(Duration.ofSeconds(30))));
        Awaitility.await().until(() -> batches.size() == 1);
        List<Future<String>> queued = new ArrayList<>();
        for (String request : List.of("a", "b", "c", "d")) {
            queued.add(callers.submit(() -> group.submit(request, in(Duration.ofSeconds(30)))));
            Awaitility.await().until(() -> group.queued() == queued.size());
        }

        release.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("FIRST");
        List<String> answers = new ArrayList<>();
        for (Future<String> answer : queued) {
            answers.add(answer.get(10, TimeUnit.SECONDS));
        }
        assertThat(answers).containsExactly("A", "B", "C", "D");
        assertThat(batches).containsExactly(List.of("first"), List.of("a", "b", "c"), List.of("d"));
        assertThat(group.writes()).isEqualTo(3);
        assertThat(group.written()).isEqualTo(5);
    }

    @Test
    void should_give_every_request_of_a_failed_write_the_failure() throws Exception {
        GroupCommit<String, String> group = new GroupCommit<>("the test", this::write, 10);
        Future<String> first = callers.submit(() -> group.submit("first", in(Duration.ofSeconds(30))));
        Awaitility.await().until(() -> batches.size() == 1);
        List<Future<String>> queued = new ArrayList<>();
        for (String request : List.of("x", "fail", "y")) {
            queued.add(callers.submit(() -> group.submit(request, in(Duration.ofSeconds(30)))));
            Awaitility.await().until(() -> group.queued() == queued.size());
        }

        release.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("FIRST");
        for (Future<String> answer : queued) {
            assertThatThrownBy(() -> answer.get(10, TimeUnit.SECONDS)).cause()
                    .isInstanceOf(SQLException.class).hasMessage("refused")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08006"));
        }
        assertThat(batches).containsExactly(List.of("first"), List.of("x", "fail", "y"));
        // the next request finds no write in flight and writes at once
        assertThat(group.submit("after", in(Duration.ofSeconds(5)))).isEqualTo("AFTER");
    }

    @Test
    void should_withdraw_a_request_queued_past_its_deadline_and_leave_the_rest_to_the_next_write() throws Exception {
        GroupCommit<String, String> group = new GroupCommit<>("the test", this::write, 10);
        Future<String> first = callers.submit(() -> group.submit("first", in(Duration.ofSeconds(30))));
        Awaitility.await().until(() -> batches.size() == 1);
        Future<String> patient = callers.submit(() -> group.submit("patient", in(Duration.ofSeconds(30))));
        Awaitility.await().until(() -> group.queued() == 1);
        Future<String> hurried = callers.submit(() -> group.submit("hurried", in(Duration.ofMillis(200))));

        // answered while the write ahead is still held: the deadline counts the time queued
        assertThatThrownBy(() -> hurried.get(10, TimeUnit.SECONDS)).cause()
                .isInstanceOf(SQLTimeoutException.class);
        assertThat(first).isNotDone();
        assertThat(group.queued()).isEqualTo(1);

        release.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("FIRST");
        assertThat(patient.get(10, TimeUnit.SECONDS)).isEqualTo("PATIENT");
        assertThat(batches).containsExactly(List.of("first"), List.of("patient"));
    }
}
