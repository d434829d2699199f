package beginibridge.destination.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import beginibridge.db.Dialect;
import beginibridge.db.MigratedDataSource;
import beginibridge.db.Transactions;
import beginibridge.delivery.DeliveryExchange;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;

/**
 * The database destination: the applicant's row in begini_application, and for score events the score with all it
 * came with (begini_score, begini_trait), in one transaction. Writing an event again changes nothing, and each part
 * of the applicant's row (journey, and each kind of score) moves only forward in event time, so a late older event
 * never overwrites newer state and the order of arrival does not matter.
 */
public final class ResultsWriter {

    private static final String UPSERT_APPLICANT_POSTGRESQL = "INSERT INTO begini_application"
            + " (integration_id, uid, updated_at) VALUES (?, ?, ?) ON CONFLICT (integration_id, uid) DO NOTHING";
    private static final String UPSERT_APPLICANT_H2 = "MERGE INTO begini_application a"
            + " USING (VALUES (CAST(? AS VARCHAR(128)), CAST(? AS VARCHAR(128)), CAST(? AS TIMESTAMP WITH TIME ZONE)))"
            + " s (integration_id, uid, updated_at) ON a.integration_id = s.integration_id AND a.uid = s.uid"
            + " WHEN NOT MATCHED THEN INSERT (integration_id, uid, updated_at)"
            + " VALUES (s.integration_id, s.uid, s.updated_at)";
    private static final String WHERE_APPLICANT = " WHERE integration_id = ? AND uid = ?";

    private final MigratedDataSource dataSource;
    private final ObjectMapper mapper = new ObjectMapper();

    public ResultsWriter(MigratedDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Route step for a journey event: the applicant's row, with its journey status set to {@code status} as of the
     * event's {@code timeField} (epoch seconds), unless a later journey event is recorded already.
     */
    public void journey(Exchange exchange, String status, String timeField) throws SQLException {
        write(exchange, new Journey(status, timeField), null);
    }

    /**
     * Route step for a score event: the applicant's row with the latest score of its {@code kind} ({@code
     * psychometric}, {@code android} or {@code ios}), and the score with all it came with.
     */
    public void score(Exchange exchange, String kind) throws SQLException {
        write(exchange, null, ScoreKind.named(kind));
    }

    /** Route step for any other event: the applicant's row (and when its application started) only. */
    public void applicant(Exchange exchange) throws SQLException {
        write(exchange, null, null);
    }

    private void write(Exchange exchange, Journey journey, ScoreKind kind) throws SQLException {
        @SuppressWarnings("unchecked")
        Map<String, Object> event = exchange.getMessage().getBody(Map.class);
        write(UUID.fromString(exchange.getProperty(DeliveryExchange.EVENT_ID, String.class)),
                exchange.getProperty(DeliveryExchange.INTEGRATION_ID, String.class),
                exchange.getProperty(DeliveryExchange.UID, String.class), journey, kind, new EventFields(event));
    }

    /**
     * Writes one event in one transaction: the applicant's row, then the journey status when {@code journey} is
     * given, then the score when {@code kind} is given (both may be null).
     */
    public void write(UUID eventId, String integrationId, String uid, Journey journey, ScoreKind kind,
            EventFields event) throws SQLException {
        Transactions.run(dataSource, connection -> {
            upsertApplicant(connection, integrationId, uid);
            Long started = event.epochSeconds("application_started_at");
            if (started != null) {
                update(connection, "UPDATE begini_application SET application_started_at = ?" + WHERE_APPLICANT
                        + " AND application_started_at IS NULL", integrationId, uid, started);
            }
            if (journey != null) {
                writeJourney(connection, integrationId, uid, journey, event);
            }
            if (kind != null) {
                writeScore(connection, eventId, integrationId, uid, kind, event);
            }
            return null;
        });
    }

    private void upsertApplicant(Connection connection, String integrationId, String uid) throws SQLException {
        String sql = dataSource.dialect() == Dialect.POSTGRESQL ? UPSERT_APPLICANT_POSTGRESQL : UPSERT_APPLICANT_H2;
        try (PreparedStatement upsert = connection.prepareStatement(sql)) {
            upsert.setString(1, integrationId);
            upsert.setString(2, uid);
            upsert.setObject(3, OffsetDateTime.now(ZoneOffset.UTC));
            upsert.executeUpdate();
        }
    }

    private void writeJourney(Connection connection, String integrationId, String uid, Journey journey,
            EventFields event) throws SQLException {
        Long at = event.epochSeconds(journey.timeField());
        try (PreparedStatement update = connection.prepareStatement("UPDATE begini_application"
                + " SET journey_status = ?, journey_status_at = ?, percentage_completed = ?, reasons = ?,"
                + " updated_at = ?" + WHERE_APPLICANT
                + " AND (journey_status_at IS NULL OR (CAST(? AS BIGINT) IS NOT NULL AND journey_status_at <= ?))")) {
            update.setString(1, journey.status());
            setLong(update, 2, at);
            update.setString(3, event.text("percentage_completed"));
            update.setString(4, json(event.reasons()));
            update.setObject(5, OffsetDateTime.now(ZoneOffset.UTC));
            update.setString(6, integrationId);
            update.setString(7, uid);
            setLong(update, 8, at);
            setLong(update, 9, at);
            update.executeUpdate();
        }
    }

    private void writeScore(Connection connection, UUID eventId, String integrationId, String uid, ScoreKind kind,
            EventFields event) throws SQLException {
        Long scoredAt = event.epochSeconds("scored_at");
        Integer score = event.calculatedInteger("score");
        try (PreparedStatement update = connection.prepareStatement("UPDATE begini_application SET "
                + kind.applicationColumns() + ", updated_at = ?" + WHERE_APPLICANT + " AND (" + kind.prefix()
                + "_scored_at IS NULL OR (CAST(? AS BIGINT) IS NOT NULL AND " + kind.prefix() + "_scored_at <= ?))")) {
            int index = 1;
            setInteger(update, index++, score);
            if (kind == ScoreKind.PSYCHOMETRIC) {
                update.setString(index++, event.calculatedText("risk_band"));
                update.setString(index++, event.calculatedText("score_confidence"));
            }
            setLong(update, index++, scoredAt);
            update.setObject(index++, OffsetDateTime.now(ZoneOffset.UTC));
            update.setString(index++, integrationId);
            update.setString(index++, uid);
            setLong(update, index++, scoredAt);
            setLong(update, index, scoredAt);
            update.executeUpdate();
        }
        for (String table : List.of("begini_trait", "begini_score")) {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table
                    + " WHERE event_id = ?")) {
                delete.setObject(1, eventId);
                delete.executeUpdate();
            }
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO begini_score (event_id,"
                + " integration_id, uid, kind, platform, score, risk_band, score_confidence, scored_at, calculated,"
                + " flags, permissions_granted, permissions_denied) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setObject(1, eventId);
            insert.setString(2, integrationId);
            insert.setString(3, uid);
            insert.setString(4, kind.prefix());
            insert.setString(5, event.text("platform"));
            setInteger(insert, 6, score);
            insert.setString(7, event.calculatedText("risk_band"));
            insert.setString(8, event.calculatedText("score_confidence"));
            setLong(insert, 9, scoredAt);
            insert.setString(10, json(event.calculated()));
            insert.setString(11, json(event.list("flags")));
            insert.setString(12, json(event.list("permissions_granted")));
            insert.setString(13, json(event.list("permissions_denied")));
            insert.executeUpdate();
        }
        List<EventFields.Trait> traits = event.traits();
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO begini_trait"
                + " (event_id, trait_index, trait_key, trait_value, risk_band) VALUES (?, ?, ?, ?, ?)")) {
            for (int i = 0; i < traits.size(); i++) {
                insert.setObject(1, eventId);
                insert.setInt(2, i);
                insert.setString(3, traits.get(i).key());
                insert.setString(4, traits.get(i).value());
                insert.setString(5, traits.get(i).riskBand());
                insert.addBatch();
            }
            if (!traits.isEmpty()) {
                insert.executeBatch();
            }
        }
    }

    private static void update(Connection connection, String sql, String integrationId, String uid, long value)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(sql)) {
            update.setLong(1, value);
            update.setString(2, integrationId);
            update.setString(3, uid);
            update.executeUpdate();
        }
    }

    private String json(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A parsed event always serialises", e);
        }
    }

    private static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    private static void setInteger(PreparedStatement statement, int index, Integer value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.INTEGER);
        } else {
            statement.setInt(index, value);
        }
    }
}
