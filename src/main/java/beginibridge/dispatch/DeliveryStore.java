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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

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
    private static final String EVENT_COLUMNS = "id, integration_id, uid, event_type, received_at, payload,"
            + " payload_key_id, payload_sha256";

    /**
     * A claim or an attempt's outcome is committed on PostgreSQL without waiting for its WAL record to reach the disk
     * (synchronous_commit off for that transaction alone). What a database crash could take back is only bookkeeping
     * that is redone safely: a lost claim leaves the delivery free again, a lost outcome has it performed again under
     * the same delivery id (the CRM's Idempotency-Key, the mail's Message-ID, the results keyed by event). The inbox
     * and routing, which that id and everything else rest on, keep waiting for the disk.
     */
    private static final String NO_FLUSH_WAIT = "WITH no_flush_wait AS"
            + " (SELECT set_config('synchronous_commit', 'off', true))";
    /**
     * The claim in one statement on PostgreSQL: the row is locked (or skipped when another holds it), leased and read
     * back at once. H2 has no RETURNING; its claim is the same lock, update and read in one transaction.
     */
    private static final String CLAIM_POSTGRESQL = NO_FLUSH_WAIT + " UPDATE begini_delivery SET lease_token = ?,"
            + " lease_until = ?, attempts = attempts + 1, updated_at = ? FROM no_flush_wait WHERE id = (SELECT id"
            + " FROM begini_delivery WHERE id = ? AND status = 'pending' AND next_attempt_at <= ?"
            + " AND (lease_until IS NULL OR lease_until < ?) FOR UPDATE SKIP LOCKED)"
            + " RETURNING event_id, destination, attempts, attempt_base";

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
    /** Most outcomes one write records (each destination has only its workers' to record at once). */
    private static final int OUTCOME_BATCH = 100;

    private final MigratedDataSource dataSource;
    private final PayloadCipher cipher;

    /** The outcomes of each destination, written together when its workers finish at once. */
    private final Map<String, GroupCommit<Outcome, Boolean>> outcomes = new ConcurrentHashMap<>();

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
     * insert; the others are left to whoever holds them. The pending deliveries are created claimed by this instance
     * until {@code leaseUntil} (their first attempt counted), so that its workers need no claim of their own: each
     * returned reference carries its {@link Delivery}. One that is not attempted in time is claimed by a poller once
     * the lease has run out, as after any claim; {@link #release} frees one at once. Returns the pending deliveries
     * of the events routed here.
     */
    public List<DeliveryRef> route(List<Routing> batch, Instant now, Instant leaseUntil) throws SQLException {
        if (batch.isEmpty()) {
            return List.of();
        }
        return Transactions.run(dataSource, connection -> {
            List<Routing> held = lock(connection, batch);
            if (held.isEmpty()) {
                return List.of();
            }
            markRouted(connection, held);
            return insertDeliveries(connection, held, now, leaseUntil);
        });
    }

    /** The routings of the events this transaction now holds: still received, and locked by no other router. */
    private static List<Routing> lock(Connection connection, List<Routing> batch) throws SQLException {
        Map<UUID, Routing> byId = new LinkedHashMap<>();
        batch.forEach(routing -> byId.putIfAbsent(routing.event().id(), routing));
        List<Routing> held = new ArrayList<>();
        try (PreparedStatement lock = connection.prepareStatement("SELECT id FROM begini_event WHERE id IN ("
                + placeholders(byId.size()) + ") AND status = 'received' FOR UPDATE SKIP LOCKED")) {
            bindIds(lock, 1, byId.keySet());
            try (ResultSet rows = lock.executeQuery()) {
                while (rows.next()) {
                    held.add(byId.get(rows.getObject(1, UUID.class)));
                }
            }
        }
        return held;
    }

    /** One update for the whole batch: routed with any delivery (even all skipped), unrouted with none. */
    private static void markRouted(Connection connection, List<Routing> held) throws SQLException {
        List<UUID> routed = new ArrayList<>();
        List<UUID> all = new ArrayList<>();
        for (Routing routing : held) {
            all.add(routing.event().id());
            if (!routing.pending().isEmpty() || !routing.skipped().isEmpty()) {
                routed.add(routing.event().id());
            }
        }
        String status = routed.isEmpty() ? "'unrouted'" : routed.size() == all.size() ? "'routed'"
                : "CASE WHEN id IN (" + placeholders(routed.size()) + ") THEN 'routed' ELSE 'unrouted' END";
        try (PreparedStatement update = connection.prepareStatement("UPDATE begini_event SET status = " + status
                + " WHERE id IN (" + placeholders(all.size()) + ")")) {
            int next = status.startsWith("CASE") ? bindIds(update, 1, routed) : 1;
            bindIds(update, next, all);
            update.executeUpdate();
        }
    }

    /** One multi-row insert of every delivery of the batch: pending (created leased), then skipped. */
    private static List<DeliveryRef> insertDeliveries(Connection connection, List<Routing> held, Instant now,
            Instant leaseUntil) throws SQLException {
        int rows = held.stream().mapToInt(routing -> routing.pending().size() + routing.skipped().size()).sum();
        if (rows == 0) {
            return List.of();
        }
        List<DeliveryRef> created = new ArrayList<>();
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO begini_delivery"
                + " (id, event_id, destination, status, attempts, next_attempt_at, lease_token, lease_until,"
                + " created_at, updated_at) VALUES " + rows("(" + placeholders(NEW_DELIVERY_COLUMNS) + ")", rows))) {
            int next = 1;
            for (Routing routing : held) {
                ReceivedEvent event = routing.event();
                for (String destination : routing.pending()) {
                    UUID id = EventIds.next();
                    UUID token = UUID.randomUUID();
                    next = bindNew(insert, next, id, event.id(), destination, "pending", now, token, leaseUntil);
                    created.add(new DeliveryRef(id, destination, event, new Delivery(id, event.id(), destination,
                            1, 0, token, leaseUntil, event.integrationId(), event.uid(), event.eventType(),
                            event.receivedAt(), event.payload())));
                }
                for (String destination : routing.skipped()) {
                    next = bindNew(insert, next, EventIds.next(), event.id(), destination, "skipped", now, null,
                            null);
                }
            }
            insert.executeUpdate();
        }
        return created;
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
     * Gives up a claim made at creation that will not be used (its worker queue was full): the delivery is free for
     * the pollers at once, its first attempt no longer counted. Nothing happens when the claim is no longer held.
     */
    public void release(Delivery delivery, Instant now) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement release = connection.prepareStatement("UPDATE begini_delivery"
                        + " SET lease_token = NULL, lease_until = NULL, attempts = attempts - 1, updated_at = ?"
                        + " WHERE id = ? AND lease_token = ? AND status = 'pending'")) {
            release.setObject(1, Times.utc(now));
            release.setObject(2, delivery.id());
            release.setObject(3, delivery.leaseToken());
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
     * Claims one delivery for this instance if it is still pending, due, and not held by a live lease; returns it,
     * or null when it is done, not due, or held by someone else (the row lock is skipped, not waited for). The event
     * is read from the inbox unless the caller has it already.
     */
    public Delivery claim(UUID id, ReceivedEvent known, Instant now, Instant leaseUntil) throws SQLException {
        UUID token = UUID.randomUUID();
        if (dataSource.dialect() == Dialect.POSTGRESQL) {
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement claim = connection.prepareStatement(CLAIM_POSTGRESQL)) {
                claim.setObject(1, token);
                claim.setObject(2, Times.utc(leaseUntil));
                claim.setObject(3, Times.utc(now));
                claim.setObject(4, id);
                claim.setObject(5, Times.utc(now));
                claim.setObject(6, Times.utc(now));
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

    /** The claimed delivery from its row (event_id, destination, attempts, attempt_base) and its event. */
    private Delivery claimed(Connection connection, UUID id, ResultSet row, UUID token, Instant leaseUntil,
            ReceivedEvent known) throws SQLException {
        UUID eventId = row.getObject(1, UUID.class);
        ReceivedEvent event = known != null && known.id().equals(eventId) ? known : event(connection, eventId);
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
     * of one destination's workers that finish while another of theirs is being written are written together next
     * ({@link GroupCommit}); a lone one is written at once.
     */
    public boolean finish(Outcome outcome) throws SQLException {
        return outcomes.computeIfAbsent(outcome.delivery().destination(),
                destination -> new GroupCommit<>("the outcomes of " + destination, this::finish, OUTCOME_BATCH))
                .submit(outcome, System.nanoTime() + OUTCOME_DEADLINE.toNanos());
    }

    /**
     * Records the ends of many attempts in one transaction, each guarded by its claim's token: a delivery whose
     * claim was lost is left as it is, and its attempt logged as {@code lease-lost}. The others take their new
     * state, their attempt's times, and a row in the attempt log unless it was a first attempt that succeeded
     * ({@link Outcome#logged()}). On PostgreSQL one statement; on H2 a lock, a merge and an insert. Whether each
     * claim was still held, in order.
     */
    public List<Boolean> finish(List<Outcome> batch, long deadlineNanos) throws SQLException {
        return Transactions.run(dataSource, connection -> {
            Set<UUID> held = dataSource.dialect() == Dialect.POSTGRESQL
                    ? finishPostgresql(connection, batch, deadlineNanos)
                    : finishH2(connection, batch, deadlineNanos);
            return batch.stream().map(outcome -> held.contains(outcome.delivery().id())).toList();
        });
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
        UUID id = row.getObject(1, UUID.class);
        return new ReceivedEvent(id, row.getString(2), row.getString(3), row.getString(4),
                row.getObject(5, OffsetDateTime.class).toInstant(),
                cipher.open(id, row.getString(2), row.getString(7), row.getBytes(6), row.getString(8)));
    }
}
