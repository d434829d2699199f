package beginibridge.intake;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import beginibridge.db.Dialect;
import beginibridge.db.EventIds;
import beginibridge.db.GroupCommit;
import beginibridge.db.MigratedDataSource;
import beginibridge.db.PayloadCipher;
import beginibridge.db.PayloadHash;
import beginibridge.event.Envelope;
import beginibridge.event.IntakeExchange;
import beginibridge.event.ReceivedEvent;
import beginibridge.settings.Durations;
import org.apache.camel.Exchange;

/**
 * The durable inbox ({@code begini_event}). Webhooks are stored by group commit ({@link GroupCommit}): a webhook that
 * finds no inbox write in flight is written at once; those arriving while one is in flight are written together by
 * the next, in one multi-row INSERT of the exact bytes received, committed before any of them is answered. The unique
 * hash of those bytes ({@link PayloadHash}) makes redelivery race-safe: however many copies arrive at once, in one
 * write or in several, one row is written and every copy is answered with its id. A write that fails stores none of
 * its rows and every webhook it carried gets the failure.
 */
public final class Inbox {

    /** A stored event and whether this webhook created it. */
    public record Stored(UUID id, boolean duplicate, Instant receivedAt) {
    }

    private static final String COLUMNS = "(id, integration_id, uid, event_type, payload, payload_sha256, received_at,"
            + " status, status_reason, payload_key_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String UNIQUE_VIOLATION = "23505";

    /** PostgreSQL skips a duplicate quietly; H2 reports it as a unique violation, caught below. */
    private static final String INSERT_POSTGRESQL =
            "INSERT INTO begini_event " + COLUMNS + " ON CONFLICT (payload_sha256) DO NOTHING";
    private static final String INSERT_H2 = "INSERT INTO begini_event " + COLUMNS;
    private static final String ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_ROWS = "INSERT INTO begini_event (id, integration_id, uid, event_type, payload,"
            + " payload_sha256, received_at, status, status_reason, payload_key_id) VALUES ";
    /** The default of {@code db.inbox-batch-size}. */
    private static final int DEFAULT_BATCH_SIZE = 200;
    /** PostgreSQL takes at most 65,535 parameters in a statement; ten a row. */
    private static final int MAX_BATCH_SIZE = 5000;
    /** Attempts of an H2 batch that met a row written meanwhile by another connection (a quarantine, a replay). */
    private static final int H2_ATTEMPTS = 3;

    /** A webhook made ready on its own request thread (id, sealed bytes, hashes), waiting to be written. */
    private record Pending(UUID id, String integrationId, String uid, String eventType, PayloadCipher.Sealed sealed,
            String sha256, String unkeyedSha256) {
    }

    private final MigratedDataSource dataSource;
    private final PayloadCipher cipher;
    private final PayloadHash hash;
    private final long writeTimeoutNanos;
    private final GroupCommit<Pending, Stored> groupCommit;

    public Inbox(MigratedDataSource dataSource, PayloadCipher cipher, String writeTimeout, PayloadHash hash) {
        this(dataSource, cipher, writeTimeout, hash, DEFAULT_BATCH_SIZE);
    }

    /**
     * @param writeTimeout how long a webhook's inbox statements may wait together (on a lock, a slow disk) before the
     *                     one running is cancelled and the webhook answered 503; JDBC counts in whole seconds, so each
     *                     statement gets what is left, rounded up. It counts from the webhook's arrival at the
     *                     inbox, so time queued behind another write counts too
     * @param batchSize    the most webhooks one inbox write carries ({@code db.inbox-batch-size})
     */
    public Inbox(MigratedDataSource dataSource, PayloadCipher cipher, String writeTimeout, PayloadHash hash,
            int batchSize) {
        this.dataSource = dataSource;
        this.cipher = cipher;
        this.hash = hash;
        Duration timeout = Durations.parse(writeTimeout, "db.inbox-write-timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("db.inbox-write-timeout must be positive");
        }
        this.writeTimeoutNanos = timeout.toNanos();
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("db.inbox-batch-size must be between 1 and " + MAX_BATCH_SIZE);
        }
        this.groupCommit = new GroupCommit<>("the inbox", this::write, batchSize);
    }

    /** Webhooks waiting for the inbox write in flight to end (a gauge). */
    public int queued() {
        return groupCommit.queued();
    }

    /** Inbox writes of webhooks so far, one transaction each (a counter). */
    public long writes() {
        return groupCommit.writes();
    }

    /** Webhooks those writes carried (a counter). */
    public long webhooksWritten() {
        return groupCommit.written();
    }

    /** Route step: stores the validated event and sets the outcome ({@code accepted} or {@code duplicate}). */
    public void store(Exchange exchange) throws SQLException {
        Envelope envelope = exchange.getProperty(IntakeExchange.ENVELOPE, Envelope.class);
        byte[] payload = exchange.getMessage().getBody(byte[].class);
        Stored stored = store(envelope.integrationId(), envelope.uid(), envelope.eventType(), payload);
        exchange.setProperty(IntakeExchange.EVENT_ID, stored.id().toString());
        exchange.setProperty(IntakeExchange.OUTCOME, stored.duplicate() ? "duplicate" : "accepted");
        if (!stored.duplicate()) {
            exchange.setProperty(IntakeExchange.RECEIVED_EVENT, new ReceivedEvent(stored.id(),
                    envelope.integrationId(), envelope.uid(), envelope.eventType(), stored.receivedAt(), payload));
        }
    }

    /** Route step: keeps a signed but invalid body, with the reason, for operators to inspect. */
    public void quarantine(Exchange exchange) throws SQLException {
        insert(exchange.getProperty(IntakeExchange.QUARANTINE_INTEGRATION, String.class), null, null,
                exchange.getMessage().getBody(byte[].class), "quarantined",
                exchange.getProperty(IntakeExchange.INVALID_REASON, String.class));
    }

    /**
     * Stores a valid webhook as {@code received}, together with those arriving while an inbox write is in flight, and
     * returns once the write carrying it has committed.
     */
    public Stored store(String integrationId, String uid, String eventType, byte[] payload) throws SQLException {
        long deadline = System.nanoTime() + writeTimeoutNanos;
        UUID id = EventIds.next();
        Pending pending = new Pending(id, integrationId, uid, eventType, cipher.seal(id, integrationId, payload),
                hash.of(payload), hash.isKeyed() ? hash.unkeyed(payload) : null);
        return groupCommit.submit(pending, deadline);
    }

    /**
     * One inbox write: every distinct payload of the batch not stored before becomes one row of one INSERT (one
     * transaction); each webhook is answered accepted (the first copy of a payload now stored) or duplicate, with
     * the id of the row holding its bytes.
     */
    private List<Stored> write(List<Pending> batch, long deadline) throws SQLException {
        Map<String, Pending> firstCopies = new LinkedHashMap<>();
        for (Pending pending : batch) {
            firstCopies.putIfAbsent(pending.sha256(), pending);
        }
        Map<String, UUID> storedBefore = new HashMap<>();
        Map<String, Instant> insertedNow = new HashMap<>();
        try (Connection connection = dataSource.getConnection()) {
            if (hash.isKeyed()) {
                // stored before payload.hash-key was set; no such row is written any more, so this check races nothing
                Map<String, Pending> byUnkeyed = new LinkedHashMap<>();
                firstCopies.values().forEach(first -> byUnkeyed.put(first.unkeyedSha256(), first));
                idsOf(connection, byUnkeyed.keySet(), deadline).forEach((unkeyed, id) -> {
                    String keyed = byUnkeyed.get(unkeyed).sha256();
                    firstCopies.remove(keyed);
                    storedBefore.put(keyed, id);
                });
            }
            if (!firstCopies.isEmpty()) {
                if (dataSource.dialect() == Dialect.POSTGRESQL) {
                    insertedNow.putAll(insertPostgresql(connection, firstCopies.values(), deadline));
                } else {
                    insertedNow.putAll(insertH2(connection, firstCopies, deadline));
                }
                List<String> elsewhere = new ArrayList<>();
                for (String sha256 : firstCopies.keySet()) {
                    if (!insertedNow.containsKey(sha256)) {
                        elsewhere.add(sha256);
                    }
                }
                if (!elsewhere.isEmpty()) {
                    storedBefore.putAll(idsOf(connection, elsewhere, deadline));
                }
            }
        }
        List<Stored> answers = new ArrayList<>(batch.size());
        for (Pending pending : batch) {
            Instant receivedAt = insertedNow.remove(pending.sha256());
            if (receivedAt != null) {
                answers.add(new Stored(pending.id(), false, receivedAt));
                storedBefore.put(pending.sha256(), pending.id());
                continue;
            }
            UUID existing = storedBefore.get(pending.sha256());
            if (existing == null) {
                throw new SQLException("Inbox row for a duplicate payload vanished");
            }
            answers.add(new Stored(existing, true, null));
        }
        return answers;
    }

    /** One INSERT of the rows, each skipped quietly when its payload is stored already; what it stored, by hash. */
    private Map<String, Instant> insertPostgresql(Connection connection, Iterable<Pending> rows, long deadline)
            throws SQLException {
        List<Pending> list = new ArrayList<>();
        rows.forEach(list::add);
        String sql = INSERT_ROWS + String.join(", ", Collections.nCopies(list.size(), ROW))
                + " ON CONFLICT (payload_sha256) DO NOTHING RETURNING payload_sha256";
        Map<String, Instant> times = new HashMap<>();
        Map<String, Instant> inserted = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setQueryTimeout(secondsLeft(deadline));
            bindRows(statement, list, times);
            try (ResultSet returned = statement.executeQuery()) {
                while (returned.next()) {
                    String sha256 = returned.getString(1);
                    inserted.put(sha256, times.get(sha256));
                }
            }
        }
        return inserted;
    }

    /**
     * H2 has no per-row conflict clause: the rows whose payload is not stored yet are found first, then inserted in
     * one statement. This instance writes one batch at a time, so only another connection (a quarantine, an
     * operator) can store one of the payloads in between; the statement then fails whole, stores nothing, and is
     * made again without it.
     */
    private Map<String, Instant> insertH2(Connection connection, Map<String, Pending> firstCopies, long deadline)
            throws SQLException {
        for (int attempt = 1; ; attempt++) {
            Map<String, UUID> stored = idsOf(connection, firstCopies.keySet(), deadline);
            List<Pending> rows = new ArrayList<>();
            firstCopies.forEach((sha256, first) -> {
                if (!stored.containsKey(sha256)) {
                    rows.add(first);
                }
            });
            if (rows.isEmpty()) {
                return Map.of();
            }
            String sql = INSERT_ROWS + String.join(", ", Collections.nCopies(rows.size(), ROW));
            Map<String, Instant> times = new HashMap<>();
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setQueryTimeout(secondsLeft(deadline));
                bindRows(statement, rows, times);
                statement.executeUpdate();
                return times;
            } catch (SQLException e) {
                if (!UNIQUE_VIOLATION.equals(e.getSQLState()) || attempt == H2_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** Binds the ten columns of each row, noting the receipt time given to each payload. */
    private static void bindRows(PreparedStatement statement, List<Pending> rows, Map<String, Instant> times)
            throws SQLException {
        int p = 0;
        for (Pending row : rows) {
            OffsetDateTime receivedAt = OffsetDateTime.now(ZoneOffset.UTC);
            statement.setObject(++p, row.id());
            statement.setString(++p, row.integrationId());
            statement.setString(++p, row.uid());
            statement.setString(++p, row.eventType());
            statement.setBytes(++p, row.sealed().bytes());
            statement.setString(++p, row.sha256());
            statement.setObject(++p, receivedAt);
            statement.setString(++p, "received");
            statement.setString(++p, null);
            statement.setString(++p, row.sealed().keyId());
            times.put(row.sha256(), receivedAt.toInstant());
        }
    }

    /** The events stored under these hashes, by hash; one SELECT. */
    private static Map<String, UUID> idsOf(Connection connection, Collection<String> hashes, long deadline)
            throws SQLException {
        String sql = "SELECT payload_sha256, id FROM begini_event WHERE payload_sha256 IN ("
                + String.join(", ", Collections.nCopies(hashes.size(), "?")) + ")";
        Map<String, UUID> ids = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setQueryTimeout(secondsLeft(deadline));
            int p = 0;
            for (String hash : hashes) {
                statement.setString(++p, hash);
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ids.put(rows.getString(1).trim(), rows.getObject(2, UUID.class));
                }
            }
        }
        return ids;
    }

    /**
     * Stores one webhook alone, in a write of its own: the quarantine of a signed but invalid body (whose reason
     * and status no valid webhook's write should depend on), and callers outside the intake route.
     */
    public Stored insert(String integrationId, String uid, String eventType, byte[] payload, String status,
            String reason) throws SQLException {
        long deadline = System.nanoTime() + writeTimeoutNanos;
        String sha256 = hash.of(payload);
        UUID id = EventIds.next();
        PayloadCipher.Sealed sealed = cipher.seal(id, integrationId, payload);
        try (Connection connection = dataSource.getConnection()) {
            if (hash.isKeyed()) {
                // stored before payload.hash-key was set; no such row is written any more, so this check races nothing
                UUID hashedBefore = idOf(connection, hash.unkeyed(payload), deadline);
                if (hashedBefore != null) {
                    return new Stored(hashedBefore, true, null);
                }
            }
            String insert = dataSource.dialect() == Dialect.POSTGRESQL ? INSERT_POSTGRESQL : INSERT_H2;
            try (PreparedStatement statement = connection.prepareStatement(insert)) {
                statement.setQueryTimeout(secondsLeft(deadline));
                statement.setObject(1, id);
                statement.setString(2, integrationId);
                statement.setString(3, uid);
                statement.setString(4, eventType);
                statement.setBytes(5, sealed.bytes());
                statement.setString(6, sha256);
                OffsetDateTime receivedAt = OffsetDateTime.now(ZoneOffset.UTC);
                statement.setObject(7, receivedAt);
                statement.setString(8, status);
                statement.setString(9, reason);
                statement.setString(10, sealed.keyId());
                if (statement.executeUpdate() == 1) {
                    return new Stored(id, false, receivedAt.toInstant());
                }
            } catch (SQLException e) {
                if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
            }
            UUID existing = idOf(connection, sha256, deadline);
            if (existing == null) {
                throw new SQLException("Inbox row for a duplicate payload vanished");
            }
            return new Stored(existing, true, null);
        }
    }

    /** What is left of a webhook's write timeout, in the whole seconds JDBC takes (at least one). */
    private static int secondsLeft(long deadline) {
        long left = deadline - System.nanoTime();
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (left + 999_999_999L) / 1_000_000_000L));
    }

    /** The event stored under this hash, or null. */
    private static UUID idOf(Connection connection, String payloadHash, long deadline) throws SQLException {
        try (PreparedStatement statement =
                connection.prepareStatement("SELECT id FROM begini_event WHERE payload_sha256 = ?")) {
            statement.setQueryTimeout(secondsLeft(deadline));
            statement.setString(1, payloadHash);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getObject(1, UUID.class) : null;
            }
        }
    }
}
