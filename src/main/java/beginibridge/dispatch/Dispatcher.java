package beginibridge.dispatch;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import beginibridge.delivery.DeliveryExchange;
import beginibridge.delivery.Destinations;
import beginibridge.event.ReceivedEvent;
import beginibridge.json.Json;
import beginibridge.metrics.DeliveryMetrics;
import beginibridge.metrics.LogFields;
import beginibridge.settings.Durations;
import com.fasterxml.jackson.core.type.TypeReference;
import org.apache.camel.Exchange;
import org.apache.camel.component.seda.SedaEndpoint;
import org.apache.camel.support.UnitOfWorkHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The route steps of the dispatcher (engine/dispatch.camel.yaml): routing received events into deliveries,
 * claiming deliveries, and recording how each attempt ended. Which destinations an event type goes to is decided
 * in the YAML route, not here.
 */
public final class Dispatcher {

    /** Exchange properties set for the destination routes and templates. */
    public static final String DELIVERY = "delivery";
    public static final String OUTCOME = "deliveryOutcome";

    /** Set by the steps reserving a queue place: whether the exchange got one. */
    public static final String PLACE_RESERVED = "placeReserved";
    /** Set by the routing table: the destinations of the event, comma-separated. */
    public static final String DESTINATIONS = "destinations";
    /** Set when an attempt failed, so that the route does not count it a success. */
    public static final String DELIVERY_FAILED = "deliveryFailed";
    private static final String ATTEMPT_STARTED_AT = "attemptStartedAt";
    /** The queue of {@link WorkerQueues} that holds events handed over for routing. */
    static final String ROUTING = "routing";

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final DeliveryStore store;
    private final DeliveryMetrics metrics;
    private final RetryPolicy retryPolicy;
    private final Duration lease;
    private final Destinations destinations;
    private final WorkerQueues queues;

    /** Which destinations there are and which are on is the {@code destinations}' say (their routes). */
    public Dispatcher(DeliveryStore store, RetryPolicy retryPolicy, String lease, Destinations destinations,
            DeliveryMetrics metrics, WorkerQueues queues) {
        this.store = store;
        this.queues = queues;
        this.metrics = metrics;
        this.retryPolicy = retryPolicy;
        this.lease = Durations.parse(lease, "delivery.lease");
        this.destinations = destinations;
    }

    /**
     * Received events still waiting a poll interval after their receipt, oldest first, and not waiting in this
     * instance's routing queue: those the in-memory hand-off lost (a crash, a restart, a full queue). Younger ones are
     * most likely on their way already.
     */
    public List<UUID> receivedEvents(int limit, String pollInterval) throws SQLException {
        Instant before = Instant.now().minus(Durations.parse(pollInterval, "dispatch.poll-interval"));
        // the oldest are mostly those queued here already: read past them
        return store.receivedEventIds(queues.queued(ROUTING) + limit, before).stream()
                .filter(id -> !queues.isQueued(id, ROUTING))
                .limit(limit)
                .toList();
    }

    /**
     * Intake step: reserves a place in the routing queue for the accepted event (the body) and sets the
     * {@code placeReserved} property, which the next step filters on. A place is reserved before the event is queued,
     * so the queue is never full when it is sent (nothing is dropped) and the event poller knows to leave it to the
     * queue; without room the poller routes it. A step setting a property rather than a filter calling the bean:
     * Camel copies the exchange for every bean call made as an expression.
     */
    public void queueForRouting(Exchange exchange) {
        ReceivedEvent event = exchange.getMessage().getBody(ReceivedEvent.class);
        exchange.setProperty(PLACE_RESERVED, queues.reserve(event.id(), ROUTING));
    }

    /**
     * Route step of the routing thread: the event it took from the routing queue (the body), with those queued behind
     * it, up to {@code batchSize} in all: a lone event is routed at once, a batch forms only while events arrive
     * faster than they are routed. Body: the list of events.
     */
    public void takeQueued(Exchange exchange, int batchSize) {
        List<Object> batch = new ArrayList<>();
        batch.add(exchange.getMessage().getBody());
        batch.addAll(takeFromQueue(exchange, batchSize - 1));
        exchange.getMessage().setBody(batch);
    }

    /**
     * The bodies of up to {@code most} exchanges waiting behind this one in the queue it came from (a seda queue),
     * taken out of it.
     */
    private static List<Object> takeFromQueue(Exchange exchange, int most) {
        List<Object> bodies = new ArrayList<>();
        if (exchange.getFromEndpoint() instanceof SedaEndpoint queue && most > 0) {
            List<Exchange> queued = new ArrayList<>();
            queue.getQueue().drainTo(queued, most);
            for (Exchange taken : queued) {
                bodies.add(taken.getMessage().getBody());
                // taken here rather than by a consumer: what the sender handed over with it is done now
                UnitOfWorkHelper.doneSynchronizations(taken, taken.getExchangeExtension().handoverCompletions());
            }
        }
        return bodies;
    }

    /**
     * Route step: the events to route (the body, a list), as the intake handed them over, or read from the inbox by
     * their ids (from the poller): those routed already are left out. Body: the list of events.
     */
    public void loadReceived(Exchange exchange) throws SQLException {
        List<ReceivedEvent> events = new ArrayList<>();
        List<UUID> ids = new ArrayList<>();
        for (Object item : exchange.getMessage().getBody(List.class)) {
            if (item instanceof ReceivedEvent handedOver) {
                queues.release(handedOver.id(), ROUTING);
                events.add(handedOver);
            } else if (item != null) {
                ids.add(UUID.fromString(item.toString()));
            }
        }
        events.addAll(store.received(ids));
        exchange.getMessage().setBody(events);
    }

    /**
     * Route step, for each event of a batch once the routing table has set its {@code destinations}: the body
     * becomes its {@link Routing}, {@code skipped} for a destination that is off. An event whose destinations include
     * one that has no route is left out (null): it stays received, its routing retried at every poll.
     */
    public void decided(Exchange exchange) {
        ReceivedEvent event = exchange.getMessage().getBody(ReceivedEvent.class);
        List<String> pending = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (String destination : split(exchange.getProperty(DESTINATIONS, "", String.class))) {
            if (!destinations.exists(destination)) {
                LOG.error("Event {} not routed: the routing table names destination '{}', which has no route"
                        + " (direct:{}{}); the destinations are {}", event.id(), destination,
                        Destinations.ENDPOINT_PREFIX, destination, destinations.all());
                exchange.getMessage().setBody(null);
                return;
            }
            if (destinations.isOn(destination)) {
                destinations.ensureWorkers(destination);
                pending.add(destination);
            } else {
                skipped.add(destination);
            }
        }
        exchange.getMessage().setBody(new Routing(event, pending, skipped));
    }

    /**
     * Route step: routes the batch (the body, the events' {@link Routing}s) in one transaction; body: the pending
     * deliveries of the events routed here, created claimed by this instance for its workers, each with its place in
     * its worker queue reserved. Those that find their queue full are released at once, all in one statement, for the
     * pollers to queue as room frees up; they are left out of the body.
     */
    public void fanOut(Exchange exchange) throws SQLException {
        List<Routing> batch = new ArrayList<>();
        for (Object item : exchange.getMessage().getBody(List.class)) {
            if (item instanceof Routing routing) {
                batch.add(routing);
            }
        }
        Instant now = Instant.now();
        exchange.getMessage().setBody(placeOrRelease(store.route(batch, now, now.plus(lease)), now));
        for (Routing routing : batch) {
            if (routing.pending().isEmpty() && routing.skipped().isEmpty()) {
                LogFields.event(routing.event().id(), routing.event().uid());
                LOG.info("Event {} of type {} is unrouted: the routing table sends it to no destination",
                        routing.event().id(), routing.event().eventType());
                LogFields.clear();
            }
        }
    }

    /** Route step: reads the backlog of every destination into the metrics. */
    public void refreshBacklog() throws SQLException {
        Map<String, long[]> backlog = store.backlog(Instant.now());
        for (String destination : destinations.all()) {
            long[] figures = backlog.getOrDefault(destination, new long[3]);
            metrics.backlog(destination, figures[0], figures[1], figures[2]);
        }
    }

    /**
     * Due deliveries claimed for this instance's worker queues, per destination as many as its queue has room for:
     * a backlog of one never hides the others', and a backlog beyond the queue is taken as fast as the workers free
     * room, not a batch per poll. Each comes claimed, so that its worker needs no claim of its own. One that waits in
     * a queue here already (its claim ran out while it waited), or finds no room, is released again at once. Each
     * returned comes with its queue place reserved.
     */
    public List<DeliveryRef> due() throws SQLException {
        Instant now = Instant.now();
        List<DeliveryRef> claimed = new ArrayList<>();
        for (String destination : destinations.on()) {
            int room = queues.room(destination);
            if (room > 0) {
                claimed.addAll(store.claimDue(destination, room, now, now.plus(lease)));
            }
        }
        return placeOrRelease(claimed, now);
    }

    /**
     * The claimed deliveries that got a place in their worker queue, each with it reserved; the others (their queue
     * is full, or they wait in it already) are released at once, all in one statement, for a poller or the worker
     * that holds them in its queue to claim anew rather than once the lease has run out.
     */
    private List<DeliveryRef> placeOrRelease(List<DeliveryRef> claimed, Instant now) throws SQLException {
        List<DeliveryRef> placed = new ArrayList<>();
        List<Delivery> unplaced = new ArrayList<>();
        for (DeliveryRef ref : claimed) {
            if (queues.reserve(ref.getId(), ref.getDestination())) {
                placed.add(ref.withPlaceReserved());
            } else {
                unplaced.add(ref.getLeased());
            }
        }
        store.release(unplaced, now);
        return placed;
    }

    /**
     * Route step: reserves a place in its worker queue for the delivery (the body), unless its router did, and sets
     * the {@code placeReserved} property: false when it is queued already or the queue is full.
     */
    public void reserve(Exchange exchange) throws SQLException {
        DeliveryRef ref = exchange.getMessage().getBody(DeliveryRef.class);
        boolean reserved = ref.isPlaceReserved() || queues.reserve(ref.getId(), ref.getDestination());
        exchange.setProperty(PLACE_RESERVED, reserved);
        if (!reserved && ref.getLeased() != null) {
            store.release(List.of(ref.getLeased()), Instant.now()); // for the poller now, not once the lease ran out
        }
    }

    /**
     * Route step: the handed-off delivery, claimed. One claimed already by this instance is used as it is while at
     * least half its lease is left and the database records outcomes, else its lease is extended
     * ({@link DeliveryStore#hold}); any other is claimed. The body becomes null when the
     * poller or another instance has it.
     */
    public void claim(Exchange exchange) throws SQLException {
        DeliveryRef ref = exchange.getMessage().getBody(DeliveryRef.class);
        if (exchange.getContext().isStopping()) {
            exchange.getMessage().setBody(null);
            releaseAtStop(exchange, ref);
            return;
        }
        Instant now = Instant.now();
        try {
            Delivery leased = ref.getLeased();
            Delivery claimed = null;
            if (leased != null) {
                claimed = store.hold(leased, now, now.plus(lease), lease.dividedBy(2));
            }
            if (claimed == null) {
                // never leased, or its lease ran out in the queue: claimed like any other (unless another has it)
                claimed = store.claim(ref.getId(), ref.getEvent(), now, now.plus(lease));
            }
            exchange.getMessage().setBody(claimed);
        } finally {
            queues.release(ref.getId(), ref.getDestination());
        }
    }

    /**
     * A stop lets the workers finish the attempts under way, and attempts nothing more: the delivery a worker took
     * and all those still waiting in its queue give up the claims they came with, in one statement, so that a poller
     * (of another instance, or of this one restarted) takes them at once rather than once their lease has run out,
     * and the stop does not wait for a queue to drain.
     */
    private void releaseAtStop(Exchange exchange, DeliveryRef taken) throws SQLException {
        List<DeliveryRef> refs = new ArrayList<>();
        refs.add(taken);
        for (Object body : takeFromQueue(exchange, Integer.MAX_VALUE)) {
            if (body instanceof DeliveryRef queued) {
                refs.add(queued);
            }
        }
        List<Delivery> claimed = new ArrayList<>();
        for (DeliveryRef ref : refs) {
            queues.release(ref.getId(), ref.getDestination());
            if (ref.getLeased() != null) {
                claimed.add(ref.getLeased());
            }
        }
        store.release(claimed, Instant.now());
        if (!claimed.isEmpty()) {
            LOG.info("Stopping: {} claimed {} deliveries not attempted, released for the next poll", claimed.size(),
                    taken.getDestination());
        }
    }

    /**
     * Route step: opens an attempt. Properties {@code delivery}, {@code eventId}, {@code eventType}, {@code uid},
     * {@code integrationId}, {@code destination} are set and the body becomes the event as a map.
     */
    public void open(Exchange exchange) throws IOException {
        Delivery delivery = exchange.getMessage().getBody(Delivery.class);
        exchange.setProperty(DELIVERY, delivery);
        exchange.setProperty(ATTEMPT_STARTED_AT, Instant.now());
        exchange.setProperty(DeliveryExchange.DELIVERY_ID, delivery.id().toString());
        exchange.setProperty(DeliveryExchange.EVENT_ID, delivery.eventId().toString());
        exchange.setProperty(DeliveryExchange.EVENT_TYPE, delivery.eventType());
        exchange.setProperty(DeliveryExchange.UID, delivery.uid());
        exchange.setProperty(DeliveryExchange.INTEGRATION_ID, delivery.integrationId());
        exchange.setProperty(DeliveryExchange.DESTINATION, delivery.destination());
        LogFields.delivery(delivery.eventId(), delivery.id(), delivery.destination(), delivery.attempt(),
                delivery.uid());
        exchange.getMessage().setBody(Json.mapper().readValue(delivery.payload(), MAP));
    }

    /** Route step: the attempt succeeded ({@code done}, or {@code unmatched} when the route said so). */
    public void succeeded(Exchange exchange) throws SQLException {
        Delivery delivery = exchange.getProperty(DELIVERY, Delivery.class);
        String outcome = exchange.getProperty(OUTCOME, "done", String.class);
        String note = "unmatched".equals(outcome) ? "no internal record matches the uid" : null;
        Instant now = Instant.now();
        LogFields.outcome(outcome);
        try {
            if (store.finish(new Outcome(delivery, outcome, now, note, startedAt(exchange), now, outcome))) {
                metrics.attempt(delivery.destination(), outcome, Duration.between(delivery.receivedAt(), now));
                LOG.info("Delivery {} ({}) attempt {}: {} in {} ms", delivery.id(), delivery.destination(),
                        delivery.attempt(), outcome, Duration.between(startedAt(exchange), now).toMillis());
            } else {
                LOG.warn("Delivery {} ({}) finished after its lease ran out; the new holder decides its fate",
                        delivery.id(), delivery.destination());
            }
        } finally {
            LogFields.clear();
        }
    }

    /** Route step: the attempt failed; it is retried later or, when permanent or out of attempts, dead. */
    public void failed(Exchange exchange) throws SQLException {
        exchange.setProperty(DELIVERY_FAILED, true);
        Delivery delivery = exchange.getProperty(DELIVERY, Delivery.class);
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Instant now = Instant.now();
        RetryPolicy.Decision decision = retryPolicy.decide(delivery.attemptsInBudget(), failure, now);
        String status = decision.dead() ? "dead" : "pending";
        LogFields.outcome(decision.dead() ? "dead" : "retry");
        try {
            if (!store.finish(new Outcome(delivery, status, decision.nextAttemptAt(), decision.error(),
                    startedAt(exchange), now, decision.dead() ? "dead" : "retry"))) {
                LOG.warn("Delivery {} ({}) failed after its lease ran out; the new holder decides its fate",
                        delivery.id(), delivery.destination());
                return;
            }
            metrics.attempt(delivery.destination(), decision.dead() ? "dead" : "retry", Duration.ZERO);
            if (decision.dead()) {
                LOG.warn("Delivery {} ({}) attempt {} failed, dead: {}", delivery.id(), delivery.destination(),
                        delivery.attempt(), decision.error());
            } else {
                LOG.info("Delivery {} ({} at {}) attempt {} failed: {}; retry at {}", delivery.id(),
                        delivery.destination(), ErrorSummary.host(exchange), delivery.attempt(),
                        ErrorSummary.kind(failure), decision.nextAttemptAt());
            }
        } finally {
            LogFields.clear();
        }
    }

    private static Instant startedAt(Exchange exchange) {
        Instant started = exchange.getProperty(ATTEMPT_STARTED_AT, Instant.class);
        return started != null ? started : Instant.now();
    }

    private static List<String> split(String list) {
        return Arrays.stream(list == null ? new String[0] : list.split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
