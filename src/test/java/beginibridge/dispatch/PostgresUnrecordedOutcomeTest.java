package beginibridge.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import beginibridge.db.MigratedDataSource;
import beginibridge.db.PayloadCipher;
import beginibridge.db.PayloadHash;
import beginibridge.event.ReceivedEvent;
import beginibridge.intake.Inbox;
import beginibridge.support.TcpProxy;
import beginibridge.support.TestDatabase;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The database goes away while a worker holds claimed deliveries in its queue: once an outcome could not be
 * recorded, no claimed delivery is attempted before the database has answered again, so that the outage repeats at
 * most the attempt each worker had under way (FaultsIT's bound), not every delivery it had queued. PostgreSQL keeps
 * running; the network to it is cut and restored.
 */
class PostgresUnrecordedOutcomeTest {

    private static final Duration MINIMUM_LEFT = Duration.ofSeconds(30);

    private TestDatabase database;
    private TcpProxy network;
    private MigratedDataSource dataSource;
    private DeliveryStore store;

    @BeforeEach
    void start() throws Exception {
        database = TestDatabase.postgres();
        network = new TcpProxy(database.port());
        dataSource = new MigratedDataSource(database.urlThrough(network.port()), database.user(),
                database.password(), 2, 1000);
        dataSource.migrate();
        store = new DeliveryStore(dataSource, new PayloadCipher("k1="
                + Base64.getEncoder().encodeToString(new byte[32])));
    }

    @AfterEach
    void stop() throws Exception {
        dataSource.close();
        network.close();
        database.close();
    }

    @Test
    void should_attempt_no_claimed_delivery_after_an_unrecorded_outcome_until_the_database_answers_again()
            throws Exception {
        Instant now = Instant.now();
        List<Delivery> claimed = routedClaimed(now, "crm", "email", "database");
        Delivery underWay = store.hold(claimed.get(0), now, now.plusSeconds(120), MINIMUM_LEFT);
        assertThat(underWay).as("a fresh claim is used as it is").isSameAs(claimed.get(0));

        network.cut();
        assertThatThrownBy(() -> store.finish(new Outcome(underWay, "done", now, null, now, now, "done")))
                .as("the outcome of the attempt under way cannot be recorded").isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> store.hold(claimed.get(1), now, now.plusSeconds(120), MINIMUM_LEFT))
                .as("the next claimed delivery is not attempted: its claim is extended first, which fails")
                .isInstanceOf(SQLException.class);
        network.restore();

        Instant later = Instant.now();
        Delivery renewed = Awaitility.await("the pool reconnects").atMost(Duration.ofSeconds(15))
                .ignoreExceptionsInstanceOf(SQLException.class)
                .until(() -> store.hold(claimed.get(1), later, later.plusSeconds(120), MINIMUM_LEFT),
                        held -> held != null);
        assertThat(renewed.leaseUntil()).as("extended once the database answers").isEqualTo(later.plusSeconds(120));
        assertThat(store.hold(claimed.get(2), later, later.plusSeconds(120), MINIMUM_LEFT))
                .as("the database answered: claims are used as they are again").isSameAs(claimed.get(2));
    }

    @Test
    void should_extend_a_claim_with_too_little_lease_left_and_use_a_fresh_one_as_it_is() throws Exception {
        Instant now = Instant.now();
        List<Delivery> claimed = routedClaimed(now, "crm");

        Delivery renewed = store.hold(claimed.get(0), now.plusSeconds(100), now.plusSeconds(220), MINIMUM_LEFT);

        assertThat(renewed).isNotSameAs(claimed.get(0));
        assertThat(renewed.leaseUntil()).isEqualTo(now.plusSeconds(220));
        assertThat(renewed.leaseToken()).isEqualTo(claimed.get(0).leaseToken());
        store.release(List.of(renewed), now.plusSeconds(101));
        assertThat(store.hold(renewed, now.plusSeconds(102), now.plusSeconds(222), Duration.ofSeconds(300)))
                .as("a claim released meanwhile is no longer held").isNull();
    }

    /** One routed event's deliveries to {@code destinations}, claimed by the router for two minutes. */
    private List<Delivery> routedClaimed(Instant now, String... destinations) throws Exception {
        byte[] payload = "{\"uid\":\"APP-OUTAGE\",\"event\":{\"type\":\"application.complete\"}}"
                .getBytes(StandardCharsets.UTF_8);
        Inbox.Stored stored = new Inbox(dataSource, new PayloadCipher("k1="
                + Base64.getEncoder().encodeToString(new byte[32])), "5s", new PayloadHash(""))
                .insert("00000000000000000001", "APP-OUTAGE", "application.complete", payload, "received", null);
        ReceivedEvent event = new ReceivedEvent(stored.id(), "00000000000000000001", "APP-OUTAGE",
                "application.complete", stored.receivedAt(), payload);
        return store.route(List.of(new Routing(event, List.of(destinations), List.of())), now, now.plusSeconds(120))
                .stream().map(DeliveryRef::getLeased).toList();
    }
}
