package beginibridge.intake;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.UUID;

import beginibridge.db.Dialect;
import beginibridge.db.EventIds;
import beginibridge.db.MigratedDataSource;
import beginibridge.db.PayloadCipher;
import beginibridge.dispatch.ReceivedEvent;
import org.apache.camel.Exchange;

/**
 * The durable inbox ({@code begini_event}). Each webhook is one INSERT of the exact bytes received, committed before
 * the answer. The unique SHA-256 of those bytes makes redelivery race-safe: however many copies arrive at once,
 * one row is written and every copy is answered with its id.
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

    /** One digest per thread rather than a provider lookup per webhook; a MessageDigest is not thread-safe. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    });

    private final MigratedDataSource dataSource;
    private final PayloadCipher cipher;

    public Inbox(MigratedDataSource dataSource, PayloadCipher cipher) {
        this.dataSource = dataSource;
        this.cipher = cipher;
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
        String sha256 = sha256(payload);
        UUID id = EventIds.next();
        PayloadCipher.Sealed sealed = cipher.seal(id, integrationId, payload);
        try (Connection connection = dataSource.getConnection()) {
            String insert = dataSource.dialect() == Dialect.POSTGRESQL ? INSERT_POSTGRESQL : INSERT_H2;
            try (PreparedStatement statement = connection.prepareStatement(insert)) {
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
            return new Stored(existing(connection, sha256), true, null);
        }
    }

    private static UUID existing(Connection connection, String sha256) throws SQLException {
        try (PreparedStatement statement =
                connection.prepareStatement("SELECT id FROM begini_event WHERE payload_sha256 = ?")) {
            statement.setString(1, sha256);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    throw new SQLException("Inbox row for a duplicate payload vanished");
                }
                return rows.getObject(1, UUID.class);
            }
        }
    }

    static String sha256(byte[] payload) {
        return HexFormat.of().formatHex(SHA256.get().digest(payload));
    }
}
