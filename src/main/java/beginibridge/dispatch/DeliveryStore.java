package beginibridge.dispatch;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import beginibridge.db.Dialect;
import beginibridge.db.EventIds;
import beginibridge.db.GroupCommit;
import beginibridge.db.MigratedDataSource;
import beginibridge.db.PayloadCipher;
import beginibridge.db.Times;
import beginibridge.db.Transactions;
import beginibridge.event.ReceivedEvent;

/**
 * The outbox SQL: turning received events into deliveries, claiming due deliveries under a lease, recording
 * outcomes. Claims use {@code FOR UPDATE SKIP LOCKED} (PostgreSQL and H2 both have it) so instances sharing a
 * database never claim the same row, and every later write is conditional on the claim's token, so a holder whose
 * lease ran out can no longer record anything.
 */
public final class DeliveryStore {

    /** The values of a new delivery row, in {@link #bindNew} order. */
    private static final int NEW_DELIVERY_COLUMNS = 10;
    private static final String DELIVERY_COLUMNS = "(id, event_id, destination, status, attempts, next_attempt_at,"
            + " lease_token, lease_until, created_at, updated_at)";
    private static final String INSERT_DELIVERIES = "INSERT INTO begini_delivery " + DELIVERY_COLUMNS;
    /** A new delivery's values, typed so that PostgreSQL can select them from a VALUES list. */
    private static final String NEW_DELIVERY_ROW = "(CAST(? AS UUID), CAST(? AS UUID), CAST(? AS VARCHAR(32)),"
            + " CAST(? AS VARCHAR(16)), CAST(? AS INTEGER), CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS UUID),"
            + " CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS TIMESTAMP WITH TIME ZONE),"
            + " CAST(? AS TIMESTAMP WITH TIME ZONE))";
    private static final String EVENT_COLUMNS = "id, integration_id, uid, event_type, received_at, payload,"
            + " payload_key_id, payload_sha256";

    /**
     * Routing, a claim or an attempt's outcome is committed on PostgreSQL without waiting for its WAL record to reach
     * the disk (synchronous_commit off for that transaction alone). What a database crash could take back is only
     * bookkeeping that is redone safely: a lost routing leaves its events received, to be routed again into the same
     * deliveries (their ids derive from the event and the destination), a lost claim leaves the delivery free again,
     * a lost outcome has it performed again under the same delivery id (the CRM's Idempotency-Key, the mail's
     * Message-ID, the results keyed by event). The inbox, which everything else rests on, keeps waiting for the disk.
     */
    private static final String NO_FLUSH_WAIT = "WITH no_flush_wait AS"
            + " (SELECT set_config('synchronous_commit', 'off', true))";
    /**
     * The claim in one statement on PostgreSQL: the row is locked (or skipped when another holds it), leased and read
     * back at once. H2 has no RETURNING; its claim is the same lock, update and read in one transaction.
     */
    private static final String CLAIM_POSTGRESQL = NO_FLUSH_WAIT + ", claimed AS (UPDATE begini_delivery"
            + " SET lease_token = ?, lease_until = ?, attempts = attempts + 1, updated_at = ? FROM no_flush_wait"
            + " WHERE id = (SELECT id FROM begini_delivery WHERE id = ? AND status = 'pending'"
            + " AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until < ?) FOR UPDATE SKIP LOCKED)"
            + " RETURNING event_id, destination, attempts, attempt_base) SELECT c.event_id, c.destination,"
            + " c.attempts, c.attempt_base, e." + String.join(", e.", EVENT_COLUMNS.split(", "))
            + " FROM claimed c LEFT JOIN begini_event e ON e.id = c.event_id";

    /** The outcome recorded for an attempt whose holder had lost the claim by the time it finished. */
    private static final String LEASE_LOST = "lease-lost";
    /** One outcome's values, in {@link #bindOutcome} order, as the rows of {@code outcome}. */
    private static final String OUTCOME_ROW = "(CAST(? AS UUID), CAST(? AS UUID), CAST(? AS VARCHAR(16)),"
            + " CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS VARCHAR(500)), CAST(? AS TIMESTAMP WITH TIME ZONE),"
            + " CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS INTEGER), CAST(? AS VARCHAR(16)), CAST(? AS BOOLEAN))";
    private static final int OUTCOME_COLUMNS = 10;
    private static final String OUTCOME_NAMES = "(id, lease_token, status, next_attempt_at, last_error, started_at,"
            + " finished_at, attempt, attempt_outcome, logged)";
    private static final String FINISH_SET = "status = o.status, next_attempt_at = o.next_attempt_at,"
            + " last_error = o.last_error, lease_token = NULL, lease_until = NULL, updated_at = o.finished_at,"
            + " last_attempt_started_at = o.started_at, last_attempt_finished_at = o.finished_at";
    private static final String ATTEMPT_COLUMNS = "INSERT INTO begini_delivery_attempt"
            + " (delivery_id, attempt, started_at, finished_at, outcome, error)";
    /**
     * Outcomes of a destination waiting longer than this for their write give up: the claim then runs out and the
     * delivery is performed again, under the same id.
     */
    private static final Duration OUTCOME_DEADLINE = Duration.ofSeconds(30);
    /** Most outcomes one write records (there are only the destinations' workers' to record at once). */
    private static final int OUTCOME_BATCH = 100;
    /** No outcome has failed to be recorded since the database last answered (see {@link #hold}). */
    private static final long RECORDING = Long.MIN_VALUE;

    private final MigratedDataSource dataSource;
    private final PayloadCipher cipher;

    /**
     * The outcomes of every destination's workers, written together when they finish at once: one queue for all, as
     * they go to one table, and one destination's workers alone rarely finish at once.
     */
    private final GroupCommit<Outcome, Boolean> outcomes = new GroupCommit<>("the attempts' outcomes", this::finish,
            OUTCOME_BATCH);
    /**
     * When an outcome last could not be recorded ({@link System#nanoTime()}), or {@link #RECORDING} when none has
     * failed since the database last answered a worker's claim: see {@link #hold}.
     */
    private final AtomicLong outcomeFailedAt = new AtomicLong(RECORDING);

    public DeliveryStore(MigratedDataSource dataSource, PayloadCipher cipher) {
        this.dataSource = dataSource;
        this.cipher = cipher;
    }

    /** Events still to route that were received before {@code receivedBefore}, oldest first. */
    public List<UUID> receivedEventIds(int limit, Instant receivedBefore) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT id FROM begini_event"
                        + " WHERE status = 'received' AND received_at < ? ORDER BY received_at LIMIT ?")) {
            select.setObject(1, Times.utc(receivedBefore));
            select.setInt(2, limit);
            List<UUID> ids = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getObject(1, UUID.class));
                }
            }
            return ids;
        }
    }

    /** Those of the events still to route, with their payloads, in no particular order. */
    public List<ReceivedEvent> received(List<UUID> eventIds) throws SQLException {
        if (eventIds.isEmpty()) {
            return List.of();
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT " + EVENT_COLUMNS
                        + " FROM begini_event WHERE id IN (" + placeholders(eventIds.size()) + ")"
                        + " AND status = 'received'")) {
            for (int i = 0; i < eventIds.size(); i++) {
                select.setObject(i + 1, eventIds.get(i));
            }
            List<ReceivedEvent> events = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    events.add(event(rows));
                }
            }
            return events;
        }
    }

    /**
     * Routes a batch of events in one transaction: those still {@code received} and not being routed by another
     * router are locked ({@code FOR UPDATE SKIP LOCKED}: a router never waits for another, and never routes an event
     * twice), marked routed (or unrouted, with no destination) by one update, and get all their deliveries by one
     * insert; the others are left to whoever holds them. On PostgreSQL all three are one statement; on H2 three. The
     * pending deliveries are created claimed by this instance until {@code leaseUntil} (their first attempt counted),
     * so that its workers need no claim of their own: each returned reference carries its {@link Delivery}. One that
     * is not attempted in time is claimed by a poller once the lease has run out, as after any claim; {@link #release}
     * frees one at once. Returns the pending deliveries of the events routed here.
     */
    public List<DeliveryRef> route(List<Routing> batch, Instant now, Instant leaseUntil) throws SQLException {
        Map<UUID, Routing> byId = new LinkedHashMap<>();
        batch.forEach(routing -> byId.putIfAbsent(routing.event().id(), routing));
        if (byId.isEmpty()) {
            return List.of();
        }
        List<NewDelivery> rows = new ArrayList<>();
        for (Routing routing : byId.values()) {
            routing.pending().forEach(destination -> rows.add(new NewDelivery(routing.event(), destination,
                    UUID.randomUUID())));
            routing.skipped().forEach(destination -> rows.add(new NewDelivery(routing.event(), destination, null)));
        }
        Set<UUID> held;
        if (dataSource.dialect() == Dialect.POSTGRESQL) {
            try (Connection connection = dataSource.getConnection()) {
                held = routePostgresql(connection, byId.values(), rows, now, leaseUntil);
            }
        } else {
            held = Transactions.run(dataSource, connection -> routeH2(connection, byId.values(), rows, now,
                    leaseUntil));
        }
        List<DeliveryRef> created = new ArrayList<>();
        for (NewDelivery row : rows) {
            ReceivedEvent event = row.event();
            if (row.leaseToken() != null && held.contains(event.id())) {
                created.add(new DeliveryRef(row.id(), row.destination(), event, new Delivery(row.id(), event.id(),
                        row.destination(), 1, 0, row.leaseToken(), leaseUntil, event.integrationId(), event.uid(),
                        event.eventType(), event.receivedAt(), event.payload())));
            }
        }
        return created;
    }

    /** A delivery to create: pending and leased under its token, or skipped (no token). */
    private record NewDelivery(ReceivedEvent event, String destination, UUID leaseToken, UUID id) {
        NewDelivery(ReceivedEvent event, String destination, UUID leaseToken) {
            this(event, destination, leaseToken, EventIds.ofDelivery(event.id(), destination));
        }
    }

    /**
     * One statement: the events still received and not locked by another router are locked and marked, and the
     * deliveries of those alone inserted; the ids of the events routed here. It commits without waiting for the disk:
     * a crash of the database server that takes it back leaves its events received, and they are routed again, into
     * deliveries under the same ids ({@link EventIds#ofDelivery}); whatever those deliveries had done in the meantime
     * is then repeated under those ids, as after any lost outcome.
     */
    private static Set<UUID> routePostgresql(Connection connection, Collection<Routing> batch,
            List<NewDelivery> rows, Instant now, Instant leaseUntil) throws SQLException {
        String routedStatus = statusOf(batch);
        String sql = NO_FLUSH_WAIT + ", held AS (UPDATE begini_event SET status = " + routedStatus
                + " FROM no_flush_wait WHERE id IN (SELECT id"
                + " FROM begini_event WHERE id IN (" + placeholders(batch.size()) + ") AND status = 'received'"
                + " FOR UPDATE SKIP LOCKED) RETURNING id)"
                + (rows.isEmpty() ? "" : ", created AS (" + INSERT_DELIVERIES + " SELECT * FROM (VALUES "
                        + rows(NEW_DELIVERY_ROW, rows.size()) + ") AS v " + DELIVERY_COLUMNS
                        + " WHERE v.event_id IN (SELECT id FROM held))")
                + " SELECT id FROM held";
        try (PreparedStatement route = connection.prepareStatement(sql)) {
            int next = bindStatus(route, 1, batch, routedStatus);
            next = bindIds(route, next, ids(batch));
            bindNew(route, next, rows, now, leaseUntil);
            Set<UUID> held = new HashSet<>();
            try (ResultSet result = route.executeQuery()) {
                while (result.next()) {
                    held.add(result.getObject(1, UUID.class));
                }
            }
            return held;
        }
    }

    /** A lock of the events still received (skipping those another router holds), an update, an insert. */
    private static Set<UUID> routeH2(Connection connection, Collection<Routing> batch, List<NewDelivery> rows,
            Instant now, Instant leaseUntil) throws SQLException {
        Set<UUID> held = new HashSet<>();
        try (PreparedStatement lock = connection.prepareStatement("SELECT id FROM begini_event WHERE id IN ("
                + placeholders(batch.size()) + ") AND status = 'received' FOR UPDATE SKIP LOCKED")) {
            bindIds(lock, 1, ids(batch));
            try (ResultSet result = lock.executeQuery()) {
                while (result.next()) {
                    held.add(result.getObject(1, UUID.class));
                }
            }
        }
        if (held.isEmpty()) {
            return held;
        }
        List<Routing> heldRoutings = batch.stream().filter(routing -> held.contains(routing.event().id())).toList();
        String routedStatus = statusOf(heldRoutings);
        try (PreparedStatement update = connection.prepareStatement("UPDATE begini_event SET status = "
                + routedStatus + " WHERE id IN (" + placeholders(held.size()) + ")")) {
            bindIds(update, bindStatus(update, 1, heldRoutings, routedStatus), held);
            update.executeUpdate();
        }
        List<NewDelivery> heldRows = rows.stream().filter(row -> held.contains(row.event().id())).toList();
        if (!heldRows.isEmpty()) {
            try (PreparedStatement insert = connection.prepareStatement(INSERT_DELIVERIES + " VALUES "
                    + rows(NEW_DELIVERY_ROW, heldRows.size()))) {
                bindNew(insert, 1, heldRows, now, leaseUntil);
                insert.executeUpdate();
            }
        }
        return held;
    }

    /** The new status of the batch's events: routed with any delivery (even all skipped), unrouted with none. */
    private static String statusOf(Collection<Routing> batch) {
        long routed = batch.stream().filter(DeliveryStore::routesAnywhere).count();
        return routed == 0 ? "'unrouted'" : routed == batch.size() ? "'routed'"
                : "CASE WHEN id IN (" + placeholders((int) routed) + ") THEN 'routed' ELSE 'unrouted' END";
    }

    /** Binds the ids of the routed events when {@link #statusOf} tells them apart; the next parameter's index. */
    private static int bindStatus(PreparedStatement statement, int first, Collection<Routing> batch, String status)
            throws SQLException {
        return status.startsWith("CASE") ? bindIds(statement, first, batch.stream()
                .filter(DeliveryStore::routesAnywhere).map(routing -> routing.event().id()).toList()) : first;
    }

    private static boolean routesAnywhere(Routing routing) {
        return !routing.pending().isEmpty() || !routing.skipped().isEmpty();
    }

    private static List<UUID> ids(Collection<Routing> batch) {
        return batch.stream().map(routing -> routing.event().id()).toList();
    }

    /** Binds the new deliveries' values, row after row, from parameter {@code first} on. */
    private static void bindNew(PreparedStatement insert, int first, List<NewDelivery> rows, Instant now,
            Instant leaseUntil) throws SQLException {
        int next = first;
        for (NewDelivery row : rows) {
            boolean pending = row.leaseToken() != null;
            next = bindNew(insert, next, row.id(), row.event().id(), row.destination(), pending ? "pending"
                    : "skipped", now, row.leaseToken(), pending ? leaseUntil : null);
        }
    }

    /** Binds one new delivery's values from parameter {@code first} on; the next parameter's index. */
    private static int bindNew(PreparedStatement insert, int first, UUID id, UUID eventId, String destination,
            String status, Instant now, UUID leaseToken, Instant leaseUntil) throws SQLException {
        insert.setObject(first, id);
        insert.setObject(first + 1, eventId);
        insert.setString(first + 2, destination);
        insert.setString(first + 3, status);
        insert.setInt(first + 4, leaseToken == null ? 0 : 1);
        insert.setObject(first + 5, Times.utc(now));
        insert.setObject(first + 6, leaseToken);
        insert.setObject(first + 7, leaseUntil == null ? null : Times.utc(leaseUntil));
        insert.setObject(first + 8, Times.utc(now));
        insert.setObject(first + 9, Times.utc(now));
        return first + NEW_DELIVERY_COLUMNS;
    }

    /** Binds the ids from parameter {@code first} on; the next parameter's index. */
    private static int bindIds(PreparedStatement statement, int first, Collection<UUID> ids) throws SQLException {
        int next = first;
        for (UUID id : ids) {
            statement.setObject(next++, id);
        }
        return next;
    }

    private static String placeholders(int count) {
        return rows("?", count);
    }

    /**
     * Gives up claims this instance will not use (no room in their worker queue, or a stop): the deliveries are free
     * for the pollers at once, the attempts their claims counted no longer counted; one statement for them all. One whose claim is
     * no longer held is left alone. On PostgreSQL the release commits without waiting for the disk: a release that a
     * database crash takes back only leaves its delivery leased until the lease runs out, when a poller claims it.
     */
    public void release(List<Delivery> deliveries, Instant now) throws SQLException {
        if (deliveries.isEmpty()) {
            return;
        }
        boolean postgresql = dataSource.dialect() == Dialect.POSTGRESQL;
        String sql = postgresql
                ? NO_FLUSH_WAIT + " UPDATE begini_delivery d SET lease_token = NULL, lease_until = NULL,"
                        + " attempts = d.attempts - 1, updated_at = ? FROM no_flush_wait, (VALUES "
                        + rows("(CAST(? AS UUID), CAST(? AS UUID))", deliveries.size()) + ") AS r (id, token)"
                        + " WHERE d.id = r.id AND d.lease_token = r.token AND d.status = 'pending'"
                : "UPDATE begini_delivery SET lease_token = NULL, lease_until = NULL, attempts = attempts - 1,"
                        + " updated_at = ? WHERE status = 'pending' AND (id, lease_token) IN ("
                        + rows("(CAST(? AS UUID), CAST(? AS UUID))", deliveries.size()) + ")";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement release = connection.prepareStatement(sql)) {
            int at = 1;
            release.setObject(at++, Times.utc(now));
            for (Delivery delivery : deliveries) {
                release.setObject(at++, delivery.id());
                release.setObject(at++, delivery.leaseToken());
            }
            release.executeUpdate();
        }
    }

    /**
     * Extends a claim this instance holds to {@code leaseUntil}; the delivery with its new lease, or null when the
     * claim is no longer held (it ran out and another took it, or the delivery is finished).
     */
    public Delivery renew(Delivery delivery, Instant now, Instant leaseUntil) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement renew = connection.prepareStatement("UPDATE begini_delivery"
                        + " SET lease_until = ?, updated_at = ? WHERE id = ? AND lease_token = ? AND status = 'pending'"
                        + " AND lease_until >= ?")) {
            renew.setObject(1, Times.utc(leaseUntil));
            renew.setObject(2, Times.utc(now));
            renew.setObject(3, delivery.id());
            renew.setObject(4, delivery.leaseToken());
            renew.setObject(5, Times.utc(now));
            if (renew.executeUpdate() == 0) {
                return null;
            }
        }
        return new Delivery(delivery.id(), delivery.eventId(), delivery.destination(), delivery.attempt(),
                delivery.attemptBase(), delivery.leaseToken(), leaseUntil, delivery.integrationId(), delivery.uid(),
                delivery.eventType(), delivery.receivedAt(), delivery.payload());
    }

    /** A destination's deliveries due now and free, oldest first, for its workers (who claim them). */
    public List<DeliveryRef> due(String destination, int limit, Instant now) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT id, destination FROM begini_delivery"
                        + " WHERE destination = ? AND status = 'pending' AND next_attempt_at <= ?"
                        + " AND (lease_until IS NULL OR lease_until < ?) ORDER BY next_attempt_at LIMIT ?")) {
            select.setString(1, destination);
            select.setObject(2, Times.utc(now));
            select.setObject(3, Times.utc(now));
            select.setInt(4, limit);
            List<DeliveryRef> due = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    due.add(new DeliveryRef(rows.getObject(1, UUID.class), rows.getString(2), null));
                }
            }
            return due;
        }
    }

    /**
     * The claim of up to {@code limit} due deliveries of one destination at once, on PostgreSQL: the oldest due that
     * no live lease holds and no other claimer has locked ({@code SKIP LOCKED}) are leased under one token and read
     * back with their events. Each row's lease is still guarded by its own id and that token.
     */
    private static final String CLAIM_DUE_POSTGRESQL = NO_FLUSH_WAIT + ", claimed AS (UPDATE begini_delivery"
            + " SET lease_token = ?, lease_until = ?, attempts = attempts + 1, updated_at = ? FROM no_flush_wait"
            + " WHERE id IN (SELECT id FROM begini_delivery WHERE destination = ? AND status = 'pending'"
            + " AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until < ?) ORDER BY next_attempt_at"
            + " LIMIT ? FOR UPDATE SKIP LOCKED)"
            + " RETURNING id, event_id, destination, attempts, attempt_base) SELECT c.event_id, c.destination,"
            + " c.attempts, c.attempt_base, e." + String.join(", e.", EVENT_COLUMNS.split(", ")) + ", c.id"
            + " FROM claimed c LEFT JOIN begini_event e ON e.id = c.event_id";

    /**
     * Claims for this instance up to {@code limit} of a destination's due deliveries, oldest due first, skipping
     * those another claimer holds or is claiming; each returned reference carries its claimed {@link Delivery}. On
     * PostgreSQL one statement claims and reads them all (committed without waiting for the disk, as any claim); on
     * H2 they are found and claimed one by one.
     */
    public List<DeliveryRef> claimDue(String destination, int limit, Instant now, Instant leaseUntil)
            throws SQLException {
        List<DeliveryRef> claimed = new ArrayList<>();
        if (dataSource.dialect() != Dialect.POSTGRESQL) {
            for (DeliveryRef due : due(destination, limit, now)) {
                Delivery delivery = claim(due.getId(), null, now, leaseUntil);
                if (delivery != null) {
                    claimed.add(new DeliveryRef(delivery.id(), destination, null, delivery));
                }
            }
            return claimed;
        }
        UUID token = UUID.randomUUID();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement claim = connection.prepareStatement(CLAIM_DUE_POSTGRESQL)) {
            bindClaim(claim, token, now, leaseUntil, destination);
            claim.setInt(7, limit);
            try (ResultSet rows = claim.executeQuery()) {
                int idColumn = rows.getMetaData().getColumnCount();
                while (rows.next()) {
                    UUID id = rows.getObject(idColumn, UUID.class);
                    claimed.add(new DeliveryRef(id, destination, null,
                            claimed(connection, id, rows, token, leaseUntil, null)));
                }
            }
        }
        return claimed;
    }

    /**
     * The parameters the two PostgreSQL claims share: the new lease (token, until, set at {@code now}), which rows
     * ({@code which}: a delivery id or a destination), and {@code now} twice for their due and lease checks.
     */
    private static void bindClaim(PreparedStatement claim, UUID token, Instant now, Instant leaseUntil, Object which)
            throws SQLException {
        claim.setObject(1, token);
        claim.setObject(2, Times.utc(leaseUntil));
        claim.setObject(3, Times.utc(now));
        claim.setObject(4, which);
        claim.setObject(5, Times.utc(now));
        claim.setObject(6, Times.utc(now));
    }

    /**
     * Claims one delivery for this instance if it is still pending, due, and not held by a live lease; returns it,
     * or null when it is done, not due, or held by someone else (the row lock is skipped, not waited for). The event
     * is read from the inbox unless the caller has it already.
     */
    public Delivery claim(UUID id, ReceivedEvent known, Instant now, Instant leaseUntil) throws SQLException {
        UUID token = UUID.randomUUID();
        if (dataSource.dialect() == Dialect.POSTGRESQL) {
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement claim = connection.prepareStatement(CLAIM_POSTGRESQL)) {
                bindClaim(claim, token, now, leaseUntil, id);
                try (ResultSet row = claim.executeQuery()) {
                    return row.next() ? claimed(connection, id, row, token, leaseUntil, known) : null;
                }
            }
        }
        return Transactions.run(dataSource, connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT id FROM begini_delivery"
                    + " WHERE id = ? AND status = 'pending' AND next_attempt_at <= ?"
                    + " AND (lease_until IS NULL OR lease_until < ?) FOR UPDATE SKIP LOCKED")) {
                select.setObject(1, id);
                select.setObject(2, Times.utc(now));
                select.setObject(3, Times.utc(now));
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        return null;
                    }
                }
            }
            try (PreparedStatement claim = connection.prepareStatement("UPDATE begini_delivery"
                    + " SET lease_token = ?, lease_until = ?, attempts = attempts + 1, updated_at = ? WHERE id = ?");
                    PreparedStatement read = connection.prepareStatement("SELECT event_id, destination, attempts,"
                            + " attempt_base FROM begini_delivery WHERE id = ?")) {
                claim.setObject(1, token);
                claim.setObject(2, Times.utc(leaseUntil));
                claim.setObject(3, Times.utc(now));
                claim.setObject(4, id);
                claim.executeUpdate();
                read.setObject(1, id);
                try (ResultSet row = read.executeQuery()) {
                    return row.next() ? claimed(connection, id, row, token, leaseUntil, known) : null;
                }
            }
        });
    }

    /**
     * The claimed delivery from its row (event_id, destination, attempts, attempt_base) and its event: the one the
     * caller has, or the row's {@link #EVENT_COLUMNS} after those four when it carries them (PostgreSQL's claim reads
     * them with the claim), else read now.
     */
    private Delivery claimed(Connection connection, UUID id, ResultSet row, UUID token, Instant leaseUntil,
            ReceivedEvent known) throws SQLException {
        UUID eventId = row.getObject(1, UUID.class);
        ReceivedEvent event = known != null && known.id().equals(eventId) ? known
                : row.getMetaData().getColumnCount() > 4 ? event(row, 5) : event(connection, eventId);
        if (event == null) {
            throw new SQLException("Event " + eventId + " of delivery " + id + " is not in the inbox");
        }
        return new Delivery(id, eventId, row.getString(2), row.getInt(3), row.getInt(4), token, leaseUntil,
                event.integrationId(), event.uid(), event.eventType(), event.receivedAt(), event.payload());
    }

    /** The backlog per destination: pending count, age of the oldest pending (seconds), dead count. */
    public Map<String, long[]> backlog(Instant now) throws SQLException {
        Map<String, long[]> backlog = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT destination, status, COUNT(*),"
                        + " MIN(created_at) FROM begini_delivery WHERE status IN ('pending', 'dead')"
                        + " GROUP BY destination, status");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                long[] figures = backlog.computeIfAbsent(rows.getString(1), destination -> new long[3]);
                if ("pending".equals(rows.getString(2))) {
                    figures[0] = rows.getLong(3);
                    Instant oldest = rows.getObject(4, OffsetDateTime.class).toInstant();
                    figures[1] = Math.max(0, Duration.between(oldest, now).toSeconds());
                } else {
                    figures[2] = rows.getLong(3);
                }
            }
        }
        return backlog;
    }

    /**
     * Records the end of an attempt; false when the claim was lost (its lease ran out and another took it). Outcomes
     * of workers that finish while another's is being written are written together next ({@link GroupCommit}); a
     * lone one is written at once.
     */
    public boolean finish(Outcome outcome) throws SQLException {
        try {
            return outcomes.submit(outcome, System.nanoTime() + OUTCOME_DEADLINE.toNanos());
        } catch (SQLException | RuntimeException failure) {
            outcomeFailedAt.set(System.nanoTime());
            throw failure;
        }
    }

    /**
     * The delivery to attempt under a claim this instance holds already (made when it was routed or polled): as it
     * is while more than {@code minimumLeft} of its lease is left, else with its lease extended ({@link #renew}; null
     * when the claim is no longer held). Once an outcome could not be recorded, every claim is extended until the
     * database answers again: an attempt whose outcome is not recorded is performed again when its claim runs out,
     * so while the database is away each worker performs at most the one attempt it had under way, not every
     * delivery already claimed in its queue.
     */
    public Delivery hold(Delivery leased, Instant now, Instant leaseUntil, Duration minimumLeft) throws SQLException {
        long failedAt = outcomeFailedAt.get();
        if (failedAt == RECORDING && leased.leaseUntil().isAfter(now.plus(minimumLeft))) {
            return leased;
        }
        Delivery renewed = renew(leased, now, leaseUntil);
        // the database answered; unless another outcome failed meanwhile, claims are used as they are again
        outcomeFailedAt.compareAndSet(failedAt, RECORDING);
        return renewed;
    }

    /**
     * Records the ends of many attempts in one transaction, each guarded by its claim's token: a delivery whose
     * claim was lost is left as it is, and its attempt logged as {@code lease-lost}. The others take their new
     * state, their attempt's times, and a row in the attempt log unless it was a first attempt that succeeded
     * ({@link Outcome#logged()}). On PostgreSQL one statement (its own transaction); on H2 a lock, a merge and an
     * insert. Whether each claim was still held, in order.
     */
    public List<Boolean> finish(List<Outcome> batch, long deadlineNanos) throws SQLException {
        Set<UUID> held;
        if (dataSource.dialect() == Dialect.POSTGRESQL) {
            try (Connection connection = dataSource.getConnection()) {
                held = finishPostgresql(connection, batch, deadlineNanos);
            }
        } else {
            held = Transactions.run(dataSource, connection -> finishH2(connection, batch, deadlineNanos));
        }
        return batch.stream().map(outcome -> held.contains(outcome.delivery().id())).toList();
    }

    private static Set<UUID> finishPostgresql(Connection connection, List<Outcome> batch, long deadlineNanos)
            throws SQLException {
        try (PreparedStatement finish = connection.prepareStatement(NO_FLUSH_WAIT + ", outcome " + OUTCOME_NAMES
                + " AS (VALUES " + rows(OUTCOME_ROW, batch.size()) + "), finished AS (UPDATE begini_delivery d"
                + " SET " + FINISH_SET + " FROM outcome o, no_flush_wait WHERE d.id = o.id"
                + " AND d.lease_token = o.lease_token RETURNING d.id), logged AS (" + ATTEMPT_COLUMNS
                + " SELECT o.id, o.attempt, o.started_at, o.finished_at, CASE WHEN f.id IS NULL THEN '" + LEASE_LOST
                + "' ELSE o.attempt_outcome END, o.last_error FROM outcome o LEFT JOIN finished f ON f.id = o.id"
                + " WHERE o.logged OR f.id IS NULL) SELECT id FROM finished")) {
            bindOutcomes(finish, batch, deadlineNanos);
            Set<UUID> held = new HashSet<>();
            try (ResultSet rows = finish.executeQuery()) {
                while (rows.next()) {
                    held.add(rows.getObject(1, UUID.class));
                }
            }
            return held;
        }
    }

    private static Set<UUID> finishH2(Connection connection, List<Outcome> batch, long deadlineNanos)
            throws SQLException {
        Set<UUID> held = new HashSet<>();
        try (PreparedStatement lock = connection.prepareStatement("SELECT id FROM begini_delivery"
                + " WHERE (id, lease_token) IN (" + rows("(?, ?)", batch.size()) + ") FOR UPDATE")) {
            int next = 1;
            for (Outcome outcome : batch) {
                lock.setObject(next++, outcome.delivery().id());
                lock.setObject(next++, outcome.delivery().leaseToken());
            }
            timeout(lock, deadlineNanos);
            try (ResultSet rows = lock.executeQuery()) {
                while (rows.next()) {
                    held.add(rows.getObject(1, UUID.class));
                }
            }
        }
        if (!held.isEmpty()) {
            try (PreparedStatement merge = connection.prepareStatement("MERGE INTO begini_delivery d USING (VALUES "
                    + rows(OUTCOME_ROW, batch.size()) + ") o " + OUTCOME_NAMES + " ON d.id = o.id"
                    + " AND d.lease_token = o.lease_token WHEN MATCHED THEN UPDATE SET " + FINISH_SET)) {
                bindOutcomes(merge, batch, deadlineNanos);
                merge.executeUpdate();
            }
        }
        List<Outcome> logged = batch.stream()
                .filter(outcome -> outcome.logged() || !held.contains(outcome.delivery().id())).toList();
        if (!logged.isEmpty()) {
            try (PreparedStatement insert = connection.prepareStatement(ATTEMPT_COLUMNS + " VALUES "
                    + rows("(?, ?, ?, ?, ?, ?)", logged.size()))) {
                int next = 1;
                for (Outcome outcome : logged) {
                    Delivery delivery = outcome.delivery();
                    insert.setObject(next++, delivery.id());
                    insert.setInt(next++, delivery.attempt());
                    insert.setObject(next++, Times.utc(outcome.startedAt()));
                    insert.setObject(next++, Times.utc(outcome.finishedAt()));
                    insert.setString(next++, held.contains(delivery.id()) ? outcome.attemptOutcome() : LEASE_LOST);
                    insert.setString(next++, clipped(outcome));
                }
                timeout(insert, deadlineNanos);
                insert.executeUpdate();
            }
        }
        return held;
    }

    private static void bindOutcomes(PreparedStatement statement, List<Outcome> batch, long deadlineNanos)
            throws SQLException {
        int next = 1;
        for (Outcome outcome : batch) {
            next = bindOutcome(statement, next, outcome);
        }
        timeout(statement, deadlineNanos);
    }

    /** Binds one outcome's values ({@link #OUTCOME_NAMES}) from parameter {@code first} on; the next index. */
    private static int bindOutcome(PreparedStatement statement, int first, Outcome outcome) throws SQLException {
        Delivery delivery = outcome.delivery();
        statement.setObject(first, delivery.id());
        statement.setObject(first + 1, delivery.leaseToken());
        statement.setString(first + 2, outcome.status());
        statement.setObject(first + 3, Times.utc(outcome.nextAttemptAt()));
        statement.setString(first + 4, clipped(outcome));
        statement.setObject(first + 5, Times.utc(outcome.startedAt()));
        statement.setObject(first + 6, Times.utc(outcome.finishedAt()));
        statement.setInt(first + 7, delivery.attempt());
        statement.setString(first + 8, outcome.attemptOutcome());
        statement.setBoolean(first + 9, outcome.logged());
        return first + OUTCOME_COLUMNS;
    }

    private static String clipped(Outcome outcome) {
        return outcome.error() == null ? null : ErrorSummary.clip(outcome.error());
    }

    /** What is left until the deadline, in JDBC's whole seconds (at least one). */
    private static void timeout(PreparedStatement statement, long deadlineNanos) throws SQLException {
        long left = deadlineNanos - System.nanoTime();
        statement.setQueryTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toSeconds(left + TimeUnit.SECONDS.toNanos(1)
                - 1)));
    }

    private static String rows(String row, int count) {
        return String.join(", ", Collections.nCopies(count, row));
    }

    private ReceivedEvent event(Connection connection, UUID id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + EVENT_COLUMNS
                + " FROM begini_event WHERE id = ?")) {
            select.setObject(1, id);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? event(row) : null;
            }
        }
    }

    /** The event of a row of {@link #EVENT_COLUMNS}, its payload opened. */
    private ReceivedEvent event(ResultSet row) throws SQLException {
        return event(row, 1);
    }

    /** The event of the {@link #EVENT_COLUMNS} of a row from column {@code first} on (null when absent). */
    private ReceivedEvent event(ResultSet row, int first) throws SQLException {
        UUID id = row.getObject(first, UUID.class);
        if (id == null) {
            return null;
        }
        String integrationId = row.getString(first + 1);
        return new ReceivedEvent(id, integrationId, row.getString(first + 2), row.getString(first + 3),
                row.getObject(first + 4, OffsetDateTime.class).toInstant(), cipher.open(id, integrationId,
                        row.getString(first + 6), row.getBytes(first + 5), row.getString(first + 7)));
    }
}
