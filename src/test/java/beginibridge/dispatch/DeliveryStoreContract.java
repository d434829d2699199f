package beginibridge.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import beginibridge.db.MigratedDataSource;
import beginibridge.db.PayloadCipher;
import beginibridge.db.PayloadHash;
import beginibridge.event.ReceivedEvent;
import beginibridge.intake.Inbox;
import beginibridge.support.Rows;
import beginibridge.support.TestDatabase;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.assertj.core.data.TemporalUnitOffset;
import org.assertj.core.data.TemporalUnitWithinOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The claim and the record of an attempt, which each database does in its own SQL: a claim is held by one holder at
 * a time, also among many claiming at once, and only the holder of the current claim records an outcome; a holder
 * that lost it leaves a lease-lost attempt and changes nothing.
 */
abstract class DeliveryStoreContract {

    private static final byte[] PAYLOAD = "{\"uid\":\"APP-STORE\",\"event\":{\"type\":\"application.complete\"}}"
            .getBytes(StandardCharsets.UTF_8);

    private TestDatabase database;
    private MigratedDataSource dataSource;
    private PayloadCipher cipher;
    private DeliveryStore store;
    private ReceivedEvent event;

    protected abstract TestDatabase createDatabase();

    @BeforeEach
    void storeAnEvent() throws Exception {
        database = createDatabase();
        dataSource = new MigratedDataSource(database.url(), database.user(), database.password(), 4, 3000);
        dataSource.migrate();
        cipher = new PayloadCipher("k1=" + Base64.getEncoder().encodeToString(new byte[32]));
        store = new DeliveryStore(dataSource, cipher);
        Inbox.Stored stored = new Inbox(dataSource, cipher, "5s", new PayloadHash(""))
                .insert("00000000000000000001", "APP-STORE",
                "application.complete", PAYLOAD, "received", null);
        event = new ReceivedEvent(stored.id(), "00000000000000000001", "APP-STORE", "application.complete",
                stored.receivedAt(), PAYLOAD);
    }

    @AfterEach
    void close() throws Exception {
        dataSource.close();
        database.close();
    }

    @Test
    void should_claim_a_delivery_once_and_record_its_attempt() throws Exception {
        DeliveryRef ref = onlyDelivery();
        Instant now = Instant.now();

        Delivery delivery = store.claim(ref.getId(), ref.getEvent(), now, now.plusSeconds(60));

        assertThat(delivery.attempt()).isEqualTo(1);
        assertThat(delivery.eventId()).isEqualTo(event.id());
        assertThat(delivery.payload()).isEqualTo(PAYLOAD);
        assertThat(store.claim(ref.getId(), ref.getEvent(), now, now.plusSeconds(60))).as("held").isNull();
        assertThat(store.finish(new Outcome(delivery, "done", now, null, now, now, "done"))).isTrue();
        assertThat(statusAndAttempts(ref)).containsExactly("done", 1);
        assertThat(attemptOutcomes(ref)).as("a first attempt that succeeded: on the delivery row alone").isEmpty();
        assertThat(store.claim(ref.getId(), ref.getEvent(), now, now.plusSeconds(60))).as("done").isNull();
    }

    @Test
    void should_read_the_event_back_when_the_claim_is_not_handed_it() throws Exception {
        DeliveryRef ref = onlyDelivery();
        Instant now = Instant.now();

        Delivery delivery = store.claim(ref.getId(), null, now, now.plusSeconds(60));

        assertThat(delivery.payload()).as("decrypted from the inbox").isEqualTo(PAYLOAD);
        assertThat(delivery.uid()).isEqualTo("APP-STORE");
        assertThat(delivery.eventType()).isEqualTo("application.complete");
        assertThat(delivery.receivedAt()).isCloseTo(event.receivedAt(), within());
    }

    @Test
    void should_let_only_the_current_holder_record_an_outcome() throws Exception {
        DeliveryRef ref = onlyDelivery();
        Instant first = Instant.now();
        Delivery lost = store.claim(ref.getId(), ref.getEvent(), first, first.plusSeconds(1));
        Instant later = first.plusSeconds(2);

        Delivery current = store.claim(ref.getId(), ref.getEvent(), later, later.plusSeconds(60));

        assertThat(current.attempt()).isEqualTo(2);
        assertThat(store.finish(new Outcome(lost, "done", later, null, first, later, "done"))).isFalse();
        assertThat(statusAndAttempts(ref)).as("untouched by the lost holder").containsExactly("pending", 2);
        assertThat(store.finish(new Outcome(current, "dead", later, "HTTP 400", later, later, "dead"))).isTrue();
        assertThat(statusAndAttempts(ref)).containsExactly("dead", 2);
        assertThat(attemptOutcomes(ref)).containsExactly("lease-lost", "dead");
    }

    @Test
    void should_give_each_delivery_to_one_of_many_workers_claiming_at_once_and_record_all_their_outcomes()
            throws Exception {
        List<DeliveryRef> refs = new ArrayList<>(fanOut(event, List.of("database", "crm", "email"), List.of(),
                Instant.now()));
        for (int i = 0; i < 9; i++) {
            refs.addAll(fanOut(anotherEvent(i), List.of("database", "crm", "email"), List.of(), Instant.now()));
        }
        ExecutorService workers = Executors.newFixedThreadPool(8);
        try {
            // every worker tries every delivery, all starting together: claims and outcomes arrive at once
            CyclicBarrier start = new CyclicBarrier(8);
            List<Future<List<Delivery>>> claimedByWorker = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                claimedByWorker.add(workers.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    List<Delivery> mine = new ArrayList<>();
                    for (DeliveryRef ref : refs) {
                        Instant now = Instant.now();
                        Delivery delivery = store.claim(ref.getId(), ref.getEvent(), now, now.plusSeconds(60));
                        if (delivery != null) {
                            mine.add(delivery);
                        }
                    }
                    for (Delivery delivery : mine) {
                        Instant now = Instant.now();
                        assertThat(store.finish(new Outcome(delivery, "done", now, null, now, now, "done"))).isTrue();
                    }
                    return mine;
                }));
            }
            List<UUID> claimed = new ArrayList<>();
            for (Future<List<Delivery>> worker : claimedByWorker) {
                worker.get(60, TimeUnit.SECONDS).forEach(delivery -> claimed.add(delivery.id()));
            }

            assertThat(claimed).as("each claimed once").containsExactlyInAnyOrderElementsOf(
                    refs.stream().map(DeliveryRef::getId).toList());
        } finally {
            workers.shutdownNow();
        }
        for (DeliveryRef ref : refs) {
            assertThat(statusAndAttempts(ref)).containsExactly("done", 1);
            assertThat(attemptOutcomes(ref)).isEmpty();
        }
    }

    @Test
    void should_create_deliveries_claimed_by_their_router_until_released() throws Exception {
        Instant now = Instant.now();
        List<DeliveryRef> created = fanOut(event, List.of("crm", "email"), List.of("database"), now,
                now.plusSeconds(60));

        assertThat(created).extracting(DeliveryRef::getDestination).containsExactly("crm", "email");
        Delivery leased = created.get(0).getLeased();
        assertThat(leased).as("created with its claim").isNotNull();
        assertThat(leased.attempt()).isEqualTo(1);
        assertThat(leased.eventType()).isEqualTo("application.complete");
        assertThat(statusAndAttempts(created.get(0))).containsExactly("pending", 1);
        assertThat(store.due("crm", 10, now.plusSeconds(1))).as("not free for a poller while the lease runs")
                .isEmpty();
        assertThat(store.claim(created.get(0).getId(), null, now.plusSeconds(1), now.plusSeconds(61)))
                .as("nor claimable by another").isNull();

        assertThat(store.finish(new Outcome(leased, "done", now, null, now, now.plusSeconds(1), "done")))
                .as("its creation's claim records the outcome").isTrue();
        assertThat(statusAndAttempts(created.get(0))).containsExactly("done", 1);

        Delivery unused = created.get(1).getLeased();
        store.release(List.of(unused), now.plusSeconds(1));
        assertThat(statusAndAttempts(created.get(1))).as("released: no attempt counted").containsExactly("pending", 0);
        assertThat(store.due("email", 10, now.plusSeconds(1))).extracting(DeliveryRef::getId)
                .containsExactly(created.get(1).getId());
        assertThat(store.finish(new Outcome(unused, "done", now, null, now, now.plusSeconds(1), "done")))
                .as("a released claim records nothing").isFalse();
    }

    @Test
    void should_release_at_once_and_together_what_the_router_finds_no_queue_place_for() throws Exception {
        byte[] payload = "{\"uid\":\"APP-STORE-2\",\"event\":{\"type\":\"application.complete\"}}"
                .getBytes(StandardCharsets.UTF_8);
        Inbox.Stored second = new Inbox(dataSource, cipher, "5s", new PayloadHash(""))
                .insert("00000000000000000001", "APP-STORE-2", "application.complete", payload, "received", null);
        ReceivedEvent overflow = new ReceivedEvent(second.id(), "00000000000000000001", "APP-STORE-2",
                "application.complete", second.receivedAt(), payload);
        assertThat(overflow.id()).isNotEqualTo(event.id());
        WorkerQueues queues = new WorkerQueues(1);
        Dispatcher dispatcher = new Dispatcher(store, null, "2m", null, null, queues);
        List<?> handedOver;
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            Exchange exchange = new DefaultExchange(context);
            exchange.getMessage().setBody(List.of(new Routing(event, List.of("crm", "email"), List.of()),
                    new Routing(overflow, List.of("crm", "email"), List.of())));

            dispatcher.fanOut(exchange);

            handedOver = exchange.getMessage().getBody(List.class);
        }
        assertThat(handedOver).as("one place in each queue: the first event's deliveries").hasSize(2)
                .allSatisfy(item -> {
                    DeliveryRef ref = (DeliveryRef) item;
                    assertThat(ref.getEvent().id()).isEqualTo(event.id());
                    assertThat(ref.isPlaceReserved()).isTrue();
                    assertThat(queues.isQueued(ref.getId(), ref.getDestination())).isTrue();
                    assertThat(statusAndAttempts(ref)).containsExactly("pending", 1);
                });
        Instant now = Instant.now().plusSeconds(1);
        for (String destination : List.of("crm", "email")) {
            DeliveryRef released = new DeliveryRef(beginibridge.db.EventIds.ofDelivery(overflow.id(), destination),
                    destination, overflow);
            assertThat(statusAndAttempts(released)).as("released: no attempt counted").containsExactly("pending", 0);
            assertThat(store.due(destination, 10, now)).as("free for a poller at once, not after the lease")
                    .extracting(DeliveryRef::getId).containsExactly(released.getId());
        }
    }

    @Test
    void should_claim_a_destinations_due_deliveries_together_up_to_the_limit() throws Exception {
        Instant created = Instant.now().minusSeconds(5);
        List<DeliveryRef> free = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            free.addAll(fanOut(anotherEvent(i), List.of("crm", "email"), List.of(), created));
        }
        Instant now = Instant.now();

        List<DeliveryRef> first = store.claimDue("crm", 2, now, now.plusSeconds(60));
        List<DeliveryRef> rest = store.claimDue("crm", 10, now, now.plusSeconds(60));

        assertThat(first).hasSize(2);
        assertThat(rest).as("the claimed ones are held: only the third is left").hasSize(1);
        List<DeliveryRef> crm = free.stream().filter(ref -> ref.getDestination().equals("crm")).toList();
        assertThat(java.util.stream.Stream.concat(first.stream(), rest.stream()).map(DeliveryRef::getId))
                .containsExactlyInAnyOrderElementsOf(crm.stream().map(DeliveryRef::getId).toList());
        for (DeliveryRef ref : first) {
            Delivery claimed = ref.getLeased();
            assertThat(claimed.id()).isEqualTo(ref.getId());
            assertThat(claimed.destination()).isEqualTo("crm");
            assertThat(claimed.attempt()).isEqualTo(1);
            assertThat(claimed.leaseUntil()).isEqualTo(now.plusSeconds(60));
            assertThat(new String(claimed.payload(), StandardCharsets.UTF_8)).startsWith("{\"uid\":\"APP-STORE\",\"n\":");
            assertThat(statusAndAttempts(ref)).containsExactly("pending", 1);
            assertThat(store.finish(new Outcome(claimed, "done", now, null, now, now, "done")))
                    .as("the claim's token records the outcome").isTrue();
        }
        assertThat(store.claimDue("crm", 10, now, now.plusSeconds(60))).as("nothing due is left").isEmpty();
        assertThat(store.claimDue("email", 10, now.minusSeconds(10), now.plusSeconds(60)))
                .as("none due yet at that time").isEmpty();
        assertThat(store.claimDue("email", 10, now, now.plusSeconds(60))).as("another destination's own")
                .hasSize(3);
    }

    @Test
    void should_never_claim_a_due_delivery_for_two_pollers_at_once() throws Exception {
        List<UUID> free = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            fanOut(anotherEvent(i), List.of("crm"), List.of(), Instant.now().minusSeconds(5))
                    .forEach(ref -> free.add(ref.getId()));
        }
        ExecutorService pollers = Executors.newFixedThreadPool(4);
        try {
            CyclicBarrier start = new CyclicBarrier(4);
            List<Future<List<DeliveryRef>>> claims = new ArrayList<>();
            for (int p = 0; p < 4; p++) {
                claims.add(pollers.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    List<DeliveryRef> mine = new ArrayList<>();
                    for (int poll = 0; poll < 4; poll++) {
                        Instant now = Instant.now();
                        mine.addAll(store.claimDue("crm", 5, now, now.plusSeconds(60)));
                    }
                    return mine;
                }));
            }
            List<UUID> claimed = new ArrayList<>();
            for (Future<List<DeliveryRef>> claim : claims) {
                claim.get(30, TimeUnit.SECONDS).forEach(ref -> claimed.add(ref.getId()));
            }
            assertThat(claimed).as("each claimed once, none left").doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(free);
        } finally {
            pollers.shutdownNow();
        }
    }

    @Test
    void should_release_only_the_claims_still_held() throws Exception {
        Instant now = Instant.now();
        List<DeliveryRef> created = fanOut(event, List.of("crm", "email"), List.of(), now, now.plusSeconds(60));
        Delivery crm = created.get(0).getLeased();
        Delivery email = created.get(1).getLeased();
        Delivery staleEmail = new Delivery(email.id(), email.eventId(), email.destination(), email.attempt(), 0,
                UUID.randomUUID(), email.leaseUntil(), email.integrationId(), email.uid(), email.eventType(),
                email.receivedAt(), email.payload());

        store.release(List.of(crm, staleEmail), now);

        assertThat(statusAndAttempts(created.get(0))).containsExactly("pending", 0);
        assertThat(statusAndAttempts(created.get(1))).as("held under another token: left alone")
                .containsExactly("pending", 1);
        assertThat(store.finish(new Outcome(email, "done", now, null, now, now, "done"))).isTrue();
        assertThatCode(() -> store.release(List.of(), now)).as("nothing to release: no statement")
                .doesNotThrowAnyException();
    }

    @Test
    void should_record_a_batch_of_outcomes_at_once_leaving_alone_the_one_whose_claim_was_lost() throws Exception {
        Instant first = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<DeliveryRef> created = fanOut(event, List.of("crm", "email", "database"), List.of(), first,
                first.plusSeconds(1));
        Delivery crm = created.get(0).getLeased();
        Delivery stale = created.get(1).getLeased();
        Delivery database = created.get(2).getLeased();
        Instant later = first.plusSeconds(2);
        Delivery taken = store.claim(stale.id(), null, later, later.plusSeconds(60));
        assertThat(taken).as("its lease ran out and another took it").isNotNull();

        List<Boolean> held = store.finish(List.of(
                new Outcome(crm, "done", later, null, first, later, "done"),
                new Outcome(stale, "done", later, null, first, later, "done"),
                new Outcome(database, "pending", later.plusSeconds(30), "SQL state 08006", first, later, "retry")),
                System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10));

        assertThat(held).containsExactly(true, false, true);
        assertThat(statusAndAttempts(created.get(0))).containsExactly("done", 1);
        assertThat(statusAndAttempts(created.get(1))).as("untouched: still the new holder's").containsExactly(
                "pending", 2);
        assertThat(Rows.query(this.database, "SELECT lease_token FROM begini_delivery WHERE id = ?", stale.id())
                .get(0).get("lease_token")).isEqualTo(taken.leaseToken());
        assertThat(statusAndAttempts(created.get(2))).containsExactly("pending", 1);
        assertThat(attemptOutcomes(created.get(0))).isEmpty();
        assertThat(attemptOutcomes(created.get(1))).containsExactly("lease-lost");
        assertThat(attemptOutcomes(created.get(2))).containsExactly("retry");
        assertThat(store.finish(new Outcome(taken, "done", later, null, later, later, "done")))
                .as("the new holder records its outcome").isTrue();
        assertThat(attemptOutcomes(created.get(1))).as("its second attempt logged").containsExactly("lease-lost",
                "done");
    }

    @Test
    void should_record_a_first_attempt_success_on_the_delivery_row_with_its_times_and_no_attempt_row()
            throws Exception {
        Instant started = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant finished = started.plusMillis(250);
        Delivery leased = fanOut(event, List.of("crm"), List.of(), started, started.plusSeconds(60)).get(0)
                .getLeased();

        assertThat(store.finish(new Outcome(leased, "done", finished, null, started, finished, "done"))).isTrue();

        Map<String, Object> row = Rows.query(database, "SELECT status, attempts, last_attempt_started_at,"
                + " last_attempt_finished_at, lease_token FROM begini_delivery WHERE id = ?", leased.id()).get(0);
        assertThat(row.get("status")).isEqualTo("done");
        assertThat(((Number) row.get("attempts")).intValue()).isEqualTo(1);
        assertThat(instant(row.get("last_attempt_started_at"))).isEqualTo(started);
        assertThat(instant(row.get("last_attempt_finished_at"))).isEqualTo(finished);
        assertThat(row.get("lease_token")).isNull();
        assertThat(Rows.query(database, "SELECT * FROM begini_delivery_attempt WHERE delivery_id = ?", leased.id()))
                .isEmpty();
    }

    @Test
    void should_log_both_attempts_of_a_failure_then_a_success() throws Exception {
        Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Delivery first = fanOut(event, List.of("crm"), List.of(), start, start.plusSeconds(60)).get(0).getLeased();
        assertThat(store.finish(new Outcome(first, "pending", start.plusSeconds(1), "HTTP 500", start,
                start.plusMillis(100), "retry"))).isTrue();
        Instant retry = start.plusSeconds(2);
        Delivery second = store.claim(first.id(), null, retry, retry.plusSeconds(60));

        assertThat(store.finish(new Outcome(second, "done", retry, null, retry, retry.plusMillis(100), "done")))
                .isTrue();

        assertThat(Rows.query(database, "SELECT attempt, outcome, error, started_at FROM begini_delivery_attempt"
                + " WHERE delivery_id = ? ORDER BY attempt", first.id()).stream()
                .map(row -> row.get("attempt") + " " + row.get("outcome") + " " + row.get("error") + " "
                        + instant(row.get("started_at"))).toList())
                .containsExactly("1 retry HTTP 500 " + start, "2 done null " + retry);
        assertThat(statusAndAttempts(new DeliveryRef(first.id(), "crm", event))).containsExactly("done", 2);
    }

    private static Instant instant(Object timestamp) {
        return timestamp instanceof java.time.OffsetDateTime at ? at.toInstant()
                : ((java.sql.Timestamp) timestamp).toInstant();
    }

    @Test
    void should_extend_a_claim_only_for_its_holder_while_it_runs() throws Exception {
        Instant now = Instant.now();
        Delivery leased = fanOut(event, List.of("crm"), List.of(), now, now.plusSeconds(10)).get(0)
                .getLeased();

        Delivery renewed = store.renew(leased, now.plusSeconds(5), now.plusSeconds(70));
        assertThat(renewed).isNotNull();
        assertThat(renewed.leaseUntil()).isEqualTo(now.plusSeconds(70));
        assertThat(store.claim(leased.id(), null, now.plusSeconds(20), now.plusSeconds(80)))
                .as("held past the first lease").isNull();

        Delivery stranger = new Delivery(leased.id(), leased.eventId(), "crm", 1, 0, UUID.randomUUID(),
                now.plusSeconds(70), leased.integrationId(), leased.uid(), leased.eventType(), leased.receivedAt(),
                leased.payload());
        assertThat(store.renew(stranger, now.plusSeconds(5), now.plusSeconds(90))).as("another token").isNull();
        assertThat(store.renew(renewed, now.plusSeconds(71), now.plusSeconds(90))).as("lease run out").isNull();
    }

    @Test
    void should_route_a_batch_of_events_in_one_transaction_each_event_once() throws Exception {
        ReceivedEvent nowhere = anotherEvent(1);
        ReceivedEvent third = anotherEvent(2);
        Instant now = Instant.now();

        List<DeliveryRef> created = store.route(List.of(new Routing(event, List.of("crm", "email"),
                List.of("database")), new Routing(nowhere, List.of(), List.of()),
                new Routing(third, List.of("crm"), List.of()),
                new Routing(event, List.of("crm", "email"), List.of("database"))), now, now.plusSeconds(60));

        assertThat(created).as("the pending ones, each leased, the event given twice routed once")
                .extracting(ref -> ref.getEvent().id() + "=" + ref.getDestination())
                .containsExactly(event.id() + "=crm", event.id() + "=email", third.id() + "=crm");
        assertThat(created).allSatisfy(ref -> assertThat(ref.getLeased().leaseUntil()).isEqualTo(now.plusSeconds(60)));
        assertThat(eventStatus(event)).isEqualTo("routed");
        assertThat(eventStatus(nowhere)).isEqualTo("unrouted");
        assertThat(eventStatus(third)).isEqualTo("routed");
        assertThat(deliveryStatuses(event)).containsExactlyInAnyOrder("crm=pending", "email=pending",
                "database=skipped");
        assertThat(deliveryStatuses(third)).containsExactly("crm=pending");
        assertThat(store.route(List.of(new Routing(third, List.of("crm"), List.of()),
                new Routing(nowhere, List.of("crm"), List.of())), now, now.plusSeconds(60)))
                .as("routed already").isEmpty();
        assertThat(eventStatus(nowhere)).isEqualTo("unrouted");
    }

    /**
     * A crash of the database server can take back a routing, which commits without waiting for the disk: the event
     * is received again, and routing it again must recreate its deliveries under the same ids, the CRM's
     * Idempotency-Key and the mail's Message-ID.
     */
    @Test
    void should_route_an_event_whose_routing_was_lost_into_deliveries_under_the_same_ids() throws Exception {
        ReceivedEvent other = anotherEvent(4);
        Instant now = Instant.now();
        List<UUID> first = store.route(List.of(new Routing(event, List.of("crm", "email"), List.of()),
                new Routing(other, List.of("crm"), List.of())), now, now.plusSeconds(60)).stream()
                .map(DeliveryRef::getId).toList();
        Rows.execute(database, "DELETE FROM begini_delivery WHERE event_id = ?", event.id());
        Rows.execute(database, "UPDATE begini_event SET status = 'received' WHERE id = ?", event.id());

        List<UUID> again = store.route(List.of(new Routing(event, List.of("crm", "email"), List.of())), now,
                now.plusSeconds(60)).stream().map(DeliveryRef::getId).toList();

        assertThat(again).hasSize(2).containsExactlyElementsOf(first.subList(0, 2));
        assertThat(first).as("one id per event and destination").doesNotHaveDuplicates();
        assertThat(deliveryStatuses(event)).containsExactlyInAnyOrder("crm=pending", "email=pending");
    }

    @Test
    void should_route_the_events_of_a_batch_still_received_and_add_nothing_to_those_routed_already()
            throws Exception {
        ReceivedEvent fresh = anotherEvent(3);
        Instant now = Instant.now();
        store.route(List.of(new Routing(event, List.of("crm"), List.of())), now, now.plusSeconds(60));

        List<DeliveryRef> created = store.route(List.of(new Routing(event, List.of("email"), List.of("database")),
                new Routing(fresh, List.of("crm"), List.of())), now, now.plusSeconds(60));

        assertThat(created).extracting(ref -> ref.getEvent().id() + "=" + ref.getDestination())
                .containsExactly(fresh.id() + "=crm");
        assertThat(deliveryStatuses(event)).as("as first routed").containsExactly("crm=pending");
        assertThat(deliveryStatuses(fresh)).containsExactly("crm=pending");
        assertThat(eventStatus(fresh)).isEqualTo("routed");
    }

    @Test
    void should_route_each_event_once_when_two_instances_route_the_same_events_at_once() throws Exception {
        List<ReceivedEvent> events = new ArrayList<>(List.of(event));
        for (int i = 0; i < 59; i++) {
            events.add(anotherEvent(100 + i));
        }
        MigratedDataSource otherPool = new MigratedDataSource(database.url(), database.user(), database.password(),
                4, 3000);
        otherPool.migrate(); // as another instance does at its start: the schema is current already
        DeliveryStore otherInstance = new DeliveryStore(otherPool, cipher);
        ExecutorService routers = Executors.newFixedThreadPool(2);
        try {
            CyclicBarrier start = new CyclicBarrier(2);
            // the same events in batches of 10 by both, one from each end: their batches overlap on every event
            Future<List<DeliveryRef>> first = routers.submit(() -> routeInBatches(store, events, start));
            List<ReceivedEvent> reversed = new ArrayList<>(events);
            java.util.Collections.reverse(reversed);
            Future<List<DeliveryRef>> second = routers.submit(() -> routeInBatches(otherInstance, reversed, start));
            List<DeliveryRef> routed = new ArrayList<>(first.get(60, TimeUnit.SECONDS));
            routed.addAll(second.get(60, TimeUnit.SECONDS));

            assertThat(routed).extracting(ref -> ref.getEvent().id()).as("each event routed by one of them")
                    .containsExactlyInAnyOrderElementsOf(events.stream().map(ReceivedEvent::id).toList());
        } finally {
            routers.shutdownNow();
            otherPool.close();
        }
        assertThat(Rows.query(database, "SELECT COUNT(*) AS n FROM begini_delivery").get(0).get("n"))
                .isEqualTo(60L);
        assertThat(Rows.query(database, "SELECT COUNT(*) AS n FROM begini_event WHERE status = 'routed'").get(0)
                .get("n")).isEqualTo(60L);
    }

    private static List<DeliveryRef> routeInBatches(DeliveryStore router, List<ReceivedEvent> events,
            CyclicBarrier start) throws Exception {
        start.await(10, TimeUnit.SECONDS);
        List<DeliveryRef> routed = new ArrayList<>();
        for (int from = 0; from < events.size(); from += 10) {
            List<Routing> batch = events.subList(from, from + 10).stream()
                    .map(received -> new Routing(received, List.of("crm"), List.of())).toList();
            Instant now = Instant.now();
            routed.addAll(router.route(batch, now, now.plusSeconds(60)));
        }
        return routed;
    }

    @Test
    void should_mark_an_event_routed_with_any_delivery_and_unrouted_with_none() throws Exception {
        ReceivedEvent onlySkipped = anotherEvent(1);
        ReceivedEvent nowhere = anotherEvent(2);
        Instant now = Instant.now();

        List<DeliveryRef> created = fanOut(event, List.of("crm"), List.of("email", "database"), now);

        assertThat(created).extracting(DeliveryRef::getDestination).containsExactly("crm");
        assertThat(eventStatus(event)).isEqualTo("routed");
        assertThat(deliveryStatuses(event)).containsExactlyInAnyOrder("crm=pending", "database=skipped",
                "email=skipped");
        assertThat(fanOut(onlySkipped, List.of(), List.of("crm"), now)).isEmpty();
        assertThat(eventStatus(onlySkipped)).isEqualTo("routed");
        assertThat(deliveryStatuses(onlySkipped)).containsExactly("crm=skipped");
        assertThat(fanOut(nowhere, List.of(), List.of(), now)).isEmpty();
        assertThat(eventStatus(nowhere)).isEqualTo("unrouted");
        assertThat(deliveryStatuses(nowhere)).isEmpty();
        assertThat(fanOut(nowhere, List.of("crm"), List.of(), now)).as("routed once").isEmpty();
        assertThat(eventStatus(nowhere)).isEqualTo("unrouted");
    }

    @Test
    void should_give_a_claimed_delivery_its_own_event_whatever_event_the_caller_hands_it() throws Exception {
        ReceivedEvent other = anotherEvent(7);
        DeliveryRef ref = onlyDelivery();
        Instant now = Instant.now();

        Delivery delivery = store.claim(ref.getId(), other, now, now.plusSeconds(60));

        assertThat(delivery.eventId()).isEqualTo(event.id());
        assertThat(delivery.payload()).as("read from the inbox, not the other event's").isEqualTo(PAYLOAD);
    }

    @Test
    void should_list_events_still_to_route_oldest_first_and_forget_them_once_routed() throws Exception {
        ReceivedEvent second = anotherEvent(1);
        ReceivedEvent third = anotherEvent(2);
        Instant later = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(60);
        receivedAt(third, later.minusSeconds(10));
        receivedAt(second, later.minusSeconds(20));
        receivedAt(event, later.minusSeconds(30));

        assertThat(store.receivedEventIds(10, later)).containsExactly(event.id(), second.id(), third.id());
        assertThat(store.receivedEventIds(2, later)).containsExactly(event.id(), second.id());
        assertThat(store.receivedEventIds(10, later.minusSeconds(20))).as("received before")
                .containsExactly(event.id());
        assertThat(store.received(List.of(second.id()))).singleElement().satisfies(read -> {
            assertThat(read.payload()).isEqualTo(second.payload());
            assertThat(read.uid()).isEqualTo("APP-STORE");
        });

        fanOut(second, List.of("crm"), List.of(), later);

        assertThat(store.received(List.of(second.id(), UUID.randomUUID(), third.id())))
                .as("the routed one and one that is not there left out").extracting(ReceivedEvent::id)
                .containsExactly(third.id());
        assertThat(store.receivedEventIds(10, later)).containsExactly(event.id(), third.id());
    }

    @Test
    void should_offer_a_destination_its_due_and_free_deliveries_oldest_first() throws Exception {
        Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        DeliveryRef first = fanOut(event, List.of("crm", "email"), List.of(), start).get(0);
        DeliveryRef second = fanOut(anotherEvent(1), List.of("crm"), List.of(), start.plusSeconds(1)).get(0);
        DeliveryRef third = fanOut(anotherEvent(2), List.of("crm"), List.of(), start.plusSeconds(2)).get(0);
        Instant now = start.plusSeconds(10);

        assertThat(store.due("crm", 10, now)).extracting(DeliveryRef::getId)
                .containsExactly(first.getId(), second.getId(), third.getId());
        assertThat(store.due("crm", 2, now)).extracting(DeliveryRef::getId)
                .containsExactly(first.getId(), second.getId());
        assertThat(store.due("crm", 10, start.plusSeconds(1))).as("not yet due").extracting(DeliveryRef::getId)
                .containsExactly(first.getId(), second.getId());
        assertThat(store.due("email", 10, now)).extracting(DeliveryRef::getDestination).containsExactly("email");

        store.claim(second.getId(), null, now, now.plusSeconds(60));

        assertThat(store.due("crm", 10, now)).as("leased").extracting(DeliveryRef::getId)
                .containsExactly(first.getId(), third.getId());
        assertThat(store.due("crm", 10, now.plusSeconds(61))).as("lease ran out").extracting(DeliveryRef::getId)
                .containsExactly(first.getId(), second.getId(), third.getId());
    }

    @Test
    void should_count_the_backlog_of_each_destination() throws Exception {
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        fanOut(event, List.of("crm", "email"), List.of("database"), start);
        DeliveryRef failing = fanOut(anotherEvent(1), List.of("crm"), List.of(), start.plusSeconds(30)).get(0);
        Delivery claimed = store.claim(failing.getId(), null, start.plusSeconds(30), start.plusSeconds(90));
        store.finish(new Outcome(claimed, "dead", start.plusSeconds(30), "HTTP 400", start, start.plusSeconds(30),
                "dead"));

        Map<String, long[]> backlog = store.backlog(start.plusSeconds(100));

        assertThat(backlog).containsOnlyKeys("crm", "email");
        assertThat(backlog.get("crm")).containsExactly(1, 100, 1);
        assertThat(backlog.get("email")).containsExactly(1, 100, 0);
        assertThat(store.backlog(start.minusSeconds(5)).get("crm")).as("never a negative age")
                .containsExactly(1, 0, 1);
    }

    /** Routes one event, its pending deliveries leased to the caller until {@code leaseUntil}. */
    private List<DeliveryRef> fanOut(ReceivedEvent received, List<String> pending, List<String> skipped, Instant now,
            Instant leaseUntil) throws Exception {
        return store.route(List.of(new Routing(received, pending, skipped)), now, leaseUntil);
    }

    /** Routes one event, its pending deliveries free for any worker to claim (as a poller finds them). */
    private List<DeliveryRef> fanOut(ReceivedEvent received, List<String> pending, List<String> skipped, Instant now)
            throws Exception {
        List<DeliveryRef> created = fanOut(received, pending, skipped, now, now.plusSeconds(60));
        store.release(created.stream().map(DeliveryRef::getLeased).toList(), now);
        return created.stream().map(ref -> new DeliveryRef(ref.getId(), ref.getDestination(), ref.getEvent()))
                .toList();
    }

    private void receivedAt(ReceivedEvent received, Instant at) throws Exception {
        try (var connection = database.connect();
                var update = connection.prepareStatement("UPDATE begini_event SET received_at = ? WHERE id = ?")) {
            update.setObject(1, at.atOffset(java.time.ZoneOffset.UTC));
            update.setObject(2, received.id());
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    private String eventStatus(ReceivedEvent received) throws Exception {
        return (String) Rows.query(database, "SELECT status FROM begini_event WHERE id = ?", received.id()).get(0)
                .get("status");
    }

    private List<String> deliveryStatuses(ReceivedEvent received) throws Exception {
        return Rows.query(database, "SELECT destination, status FROM begini_delivery WHERE event_id = ?",
                received.id()).stream().map(row -> row.get("destination") + "=" + row.get("status")).toList();
    }

    private ReceivedEvent anotherEvent(int n) throws Exception {
        byte[] payload = ("{\"uid\":\"APP-STORE\",\"n\":" + n + ",\"event\":{\"type\":\"application.complete\"}}")
                .getBytes(StandardCharsets.UTF_8);
        Inbox.Stored stored = new Inbox(dataSource, cipher, "5s", new PayloadHash(""))
                .insert("00000000000000000001", "APP-STORE",
                "application.complete", payload, "received", null);
        return new ReceivedEvent(stored.id(), "00000000000000000001", "APP-STORE", "application.complete",
                stored.receivedAt(), payload);
    }

    private DeliveryRef onlyDelivery() throws Exception {
        List<DeliveryRef> created = fanOut(event, List.of("crm"), List.of(), Instant.now());
        assertThat(created).hasSize(1);
        assertThat(fanOut(event, List.of("crm"), List.of(), Instant.now())).as("routed once").isEmpty();
        return created.get(0);
    }

    private List<Object> statusAndAttempts(DeliveryRef ref) throws Exception {
        Map<String, Object> row = Rows.query(database, "SELECT status, attempts FROM begini_delivery WHERE id = ?",
                ref.getId()).get(0);
        return List.of(row.get("status"), ((Number) row.get("attempts")).intValue());
    }

    private List<Object> attemptOutcomes(DeliveryRef ref) throws Exception {
        return Rows.query(database, "SELECT outcome FROM begini_delivery_attempt WHERE delivery_id = ?"
                + " ORDER BY attempt", ref.getId()).stream().map(row -> row.get("outcome")).toList();
    }

    private static TemporalUnitOffset within() {
        return new TemporalUnitWithinOffset(1, ChronoUnit.MILLIS);
    }
}
