package beginibridge.intake;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import beginibridge.db.Dialect;
import beginibridge.db.EventIds;
import beginibridge.db.MigratedDataSource;
import beginibridge.db.PayloadCipher;
import beginibridge.db.PayloadHash;
import beginibridge.event.Envelope;
import beginibridge.event.IntakeExchange;
import beginibridge.event.ReceivedEvent;
import beginibridge.settings.Durations;
import org.apache.camel.Exchange;

/**
 * The durable inbox ({@code begini_event}). Each webhook is one INSERT of the exact bytes received, committed before
 * the answer. The unique hash of those bytes ({@link PayloadHash}) makes redelivery race-safe: however many copies
 * arrive at once, one row is written and every copy is answered with its id.
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

    private final MigratedDataSource dataSource;
    private final PayloadCipher cipher;
    private final PayloadHash hash;
    private final long writeTimeoutNanos;

    /**
     * @param writeTimeout how long a webhook's inbox statements may wait together (on a lock, a slow disk) before the
     *                     one running is cancelled and the webhook answered 503; JDBC counts in whole seconds, so each
     *                     statement gets what is left, rounded up
     */
    public Inbox(MigratedDataSource dataSource, PayloadCipher cipher, String writeTimeout, PayloadHash hash) {
        this.dataSource = dataSource;
        this.cipher = cipher;
        this.hash = hash;
        Duration timeout = Durations.parse(writeTimeout, "db.inbox-write-timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("db.inbox-write-timeout must be positive");
        }
        this.writeTimeoutNanos = timeout.toNanos();
    }

    /** Route step: stores the validated event and sets the outcome ({@code accepted} or {@code duplicate}). */
    public void store(Exchange exchange) throws SQLException {
        Envelope envelope = exchange.getProperty(IntakeExchange.ENVELOPE, Envelope.class);
        byte[] payload = exchange.getMessage().getBody(byte[].class);
        Stored stored = insert(envelope.integrationId(), envelope.uid(), envelope.eventType(), payload,
                "received", null);
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
