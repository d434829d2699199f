package beginibridge.destination.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import beginibridge.db.Dialect;
import beginibridge.db.MigratedDataSource;
import beginibridge.db.Transactions;
import beginibridge.delivery.DeliveryExchange;
import beginibridge.json.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.camel.Exchange;

/**
 * The database destination: the applicant's row in begini_application, and for score events the score with all it
 * came with (begini_score, begini_trait), in one transaction. Writing an event again changes nothing, and each part
 * of the applicant's row (journey, and each kind of score) moves only forward in event time, so a late older event
 * never overwrites newer state and the order of arrival does not matter.
 *
 * <p>Each table is written by one statement whatever it holds already, as round trips are what a write costs: the
 * applicant's row by one upsert that carries the forward-only conditions (PostgreSQL's INSERT ... ON CONFLICT DO
 * UPDATE, H2's MERGE with the same conditions), the score and all its traits by an insert each that leaves a row
 * already there alone (the score's and the traits' keys are the event's), so a redelivery neither deletes nor doubles.
 * On PostgreSQL the three are sent as one statement, which is its own transaction: one round trip per event.
 */
public final class ResultsWriter {

    private static final Column EVENT_ID = new Column("event_id", "UUID", Types.OTHER);
    private static final Column UPDATED_AT = new Column("updated_at", "TIMESTAMP WITH TIME ZONE",
            Types.TIMESTAMP_WITH_TIMEZONE);
    /** Written by every event: the row's key, when the application started (kept once known), when written. */
    private static final List<Column> APPLICANT = List.of(Column.text("integration_id", 128),
            Column.text("uid", 128), Column.bigint("application_started_at"), UPDATED_AT);
    /** The journey part of the applicant's row, in binding order; the last column dates it. */
    private static final List<Column> JOURNEY = List.of(Column.text("journey_status", 32),
            Column.text("percentage_completed"), Column.text("reasons"), Column.bigint("journey_status_at"));
    private static final List<Column> SCORE = List.of(EVENT_ID, Column.text("integration_id", 128),
            Column.text("uid", 128), Column.text("kind", 32), Column.text("platform"), Column.integer("score"),
            Column.text("risk_band"), Column.text("score_confidence"), Column.bigint("scored_at"),
            Column.text("calculated"), Column.text("flags"), Column.text("permissions_granted"),
            Column.text("permissions_denied"));
    private static final List<Column> TRAIT = List.of(EVENT_ID, Column.integer("trait_index"),
            Column.text("trait_key"), Column.text("trait_value"), Column.text("risk_band"));
    /** All the traits of a score as rows, from one array per field: the trait's index is its place in them. */
    private static final String TRAIT_ROWS = "SELECT CAST(? AS UUID), CAST(t.n - 1 AS INTEGER), t.k, t.v, t.r"
            + " FROM UNNEST(CAST(? AS CHARACTER VARYING ARRAY), CAST(? AS CHARACTER VARYING ARRAY),"
            + " CAST(? AS CHARACTER VARYING ARRAY)) WITH ORDINALITY AS t (k, v, r, n)";

    /**
     * On PostgreSQL the write's transaction commits without waiting for its WAL record to reach the disk
     * (synchronous_commit off for it alone; set by its first statement, the upsert, so it costs no round trip). A
     * database crash cannot take back these results while keeping the delivery's {@code done}: that outcome is
     * committed after them, so its WAL record comes later, and PostgreSQL makes the log durable in order. If the crash
     * takes both back, the delivery is performed again and its results written again, idempotently.
     */
    private static final String NO_FLUSH_WAIT = "WITH no_flush_wait AS"
            + " (SELECT set_config('synchronous_commit', 'off', true))";

    private final MigratedDataSource dataSource;

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
     * Writes one event in one transaction: the applicant's row, with the journey status when {@code journey} is
     * given, and with the score when {@code kind} is given (both may be null). On PostgreSQL that transaction is one
     * statement (the score's and traits' inserts ride on the upsert as data-modifying WITH queries), so one round
     * trip; on H2 a statement per table and a commit.
     */
    public void write(UUID eventId, String integrationId, String uid, Journey journey, ScoreKind kind,
            EventFields event) throws SQLException {
        List<Object> applicant = Arrays.asList(integrationId, uid, event.epochSeconds("application_started_at"),
                OffsetDateTime.now(ZoneOffset.UTC));
        List<Column> forward = List.of();
        List<?> forwardValues = List.of();
        if (journey != null) {
            forward = JOURNEY;
            forwardValues = Arrays.asList(journey.status(), event.text("percentage_completed"),
                    json(event.reasons()), event.epochSeconds(journey.timeField()));
        } else if (kind != null) {
            forward = kind.applicationColumns();
            forwardValues = scoreValues(kind, event);
        }
        Dialect dialect = dataSource.dialect();
        List<Statement> statements = new ArrayList<>();
        statements.add(new Statement(upsertApplication(dialect, forward), concat(APPLICANT, forward),
                concat(applicant, forwardValues)));
        List<EventFields.Trait> traits = kind == null ? List.of() : event.traits();
        if (kind != null) {
            statements.add(new Statement(insertIfAbsent(dialect, "begini_score", SCORE, 1, values(SCORE)), SCORE,
                    Arrays.asList(eventId, integrationId, uid, kind.prefix(), event.text("platform"),
                            event.calculatedInteger("score"), event.calculatedText("risk_band"),
                            event.calculatedText("score_confidence"), event.epochSeconds("scored_at"),
                            json(event.calculated()), json(event.list("flags")),
                            json(event.list("permissions_granted")), json(event.list("permissions_denied")))));
        }
        if (!traits.isEmpty()) {
            statements.add(new Statement(insertIfAbsent(dialect, "begini_trait", TRAIT, 2, TRAIT_ROWS), null,
                    null));
        }
        if (dialect == Dialect.POSTGRESQL) {
            try (Connection connection = dataSource.getConnection()) {
                execute(connection, inOne(statements), statements, eventId, traits);
            }
        } else {
            Transactions.run(dataSource, connection -> {
                for (Statement statement : statements) {
                    execute(connection, statement.sql(), List.of(statement), eventId, traits);
                }
                return null;
            });
        }
    }

    /**
     * One statement of the write: its SQL with its columns and values, or for the traits (null columns) the event id
     * and one array per trait field.
     */
    private record Statement(String sql, List<Column> columns, List<?> values) {
    }

    /**
     * PostgreSQL's statements as one: the others as data-modifying WITH queries, which run once and in full whether
     * or not the last one reads them, and whose rows the last one's foreign-key checks see, at the end of the
     * statement. The no_flush_wait query the upsert reads stays first.
     */
    private static String inOne(List<Statement> statements) {
        String first = statements.get(0).sql();
        if (statements.size() == 1) {
            return first;
        }
        StringBuilder sql = new StringBuilder(NO_FLUSH_WAIT);
        for (int i = 0; i < statements.size() - 1; i++) {
            String text = i == 0 ? first.substring(NO_FLUSH_WAIT.length() + 1) : statements.get(i).sql();
            sql.append(", write_").append(i).append(" AS (").append(text).append(")");
        }
        return sql.append(" ").append(statements.get(statements.size() - 1).sql()).toString();
    }

    /** The values of the kind's columns in begini_application, in {@link ScoreKind#applicationColumns()} order. */
    private static List<Object> scoreValues(ScoreKind kind, EventFields event) {
        Integer score = event.calculatedInteger("score");
        Long scoredAt = event.epochSeconds("scored_at");
        return kind == ScoreKind.PSYCHOMETRIC
                ? Arrays.asList(score, event.calculatedText("risk_band"), event.calculatedText("score_confidence"),
                        scoredAt)
                : Arrays.asList(score, scoredAt);
    }

    /**
     * The upsert of the applicant's row: a new row takes every value; an existing one keeps the time its application
     * started once known, and takes the {@code forward} part (whose last column dates it) and a new updated_at only
     * when the event is as new as what it holds, or what it holds is undated. A row the event does not change is left
     * alone, not rewritten.
     */
    private static String upsertApplication(Dialect dialect, List<Column> forward) {
        String event = dialect == Dialect.POSTGRESQL ? "EXCLUDED" : "s";
        List<String> set = new ArrayList<>();
        set.add("application_started_at = COALESCE(a.application_started_at, " + event + ".application_started_at)");
        String changes = "(a.application_started_at IS NULL AND " + event + ".application_started_at IS NOT NULL)";
        if (!forward.isEmpty()) {
            String at = forward.get(forward.size() - 1).name();
            String newer = "(a." + at + " IS NULL OR (" + event + "." + at + " IS NOT NULL AND a." + at + " <= "
                    + event + "." + at + "))";
            for (Column column : concat(forward, List.of(UPDATED_AT))) {
                set.add(column.name() + " = CASE WHEN " + newer + " THEN " + event + "." + column.name() + " ELSE a."
                        + column.name() + " END");
            }
            changes += " OR " + newer;
        }
        List<Column> columns = concat(APPLICANT, forward);
        if (dialect == Dialect.POSTGRESQL) {
            return NO_FLUSH_WAIT + " INSERT INTO begini_application AS a (" + names(columns, "") + ") SELECT "
                    + names(columns, "v.") + " FROM (" + values(columns) + ") AS v (" + names(columns, "") + "),"
                    + " no_flush_wait ON CONFLICT (integration_id, uid) DO UPDATE SET " + String.join(", ", set) + " WHERE "
                    + changes;
        }
        return "MERGE INTO begini_application a USING (" + values(columns) + ") s (" + names(columns, "") + ")"
                + " ON a.integration_id = s.integration_id AND a.uid = s.uid WHEN MATCHED AND (" + changes + ")"
                + " THEN UPDATE SET " + String.join(", ", set) + " WHEN NOT MATCHED THEN INSERT ("
                + names(columns, "") + ") VALUES (" + names(columns, "s.") + ")";
    }

    /**
     * An insert of {@code rows} into {@code table} that leaves alone a row whose key (the first {@code keyColumns}
     * columns) is there already.
     */
    private static String insertIfAbsent(Dialect dialect, String table, List<Column> columns, int keyColumns,
            String rows) {
        List<Column> key = columns.subList(0, keyColumns);
        if (dialect == Dialect.POSTGRESQL) {
            return "INSERT INTO " + table + " (" + names(columns, "") + ") " + rows + " ON CONFLICT ("
                    + names(key, "") + ") DO NOTHING";
        }
        return "MERGE INTO " + table + " t USING (" + rows + ") s (" + names(columns, "") + ") ON "
                + String.join(" AND ", key.stream().map(c -> "t." + c.name() + " = s." + c.name()).toList())
                + " WHEN NOT MATCHED THEN INSERT (" + names(columns, "") + ") VALUES (" + names(columns, "s.") + ")";
    }

    private static String values(List<Column> columns) {
        return "VALUES (" + String.join(", ", columns.stream().map(c -> "CAST(? AS " + c.type() + ")").toList())
                + ")";
    }

    private static String names(List<Column> columns, String qualifier) {
        return String.join(", ", columns.stream().map(c -> qualifier + c.name()).toList());
    }

    private static <T> List<T> concat(List<? extends T> first, List<? extends T> second) {
        List<T> both = new ArrayList<>(first);
        both.addAll(second);
        return both;
    }

    /** Binds the statements' values in their order into {@code sql} and runs it. */
    private static void execute(Connection connection, String sql, List<Statement> statements, UUID eventId,
            List<EventFields.Trait> traits) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int next = 1;
            for (Statement part : statements) {
                if (part.columns() == null) {
                    // the traits, always the last part: the event's id and one array per field
                    statement.setObject(next, eventId);
                    statement.setArray(next + 1, connection.createArrayOf("varchar",
                            traits.stream().map(EventFields.Trait::key).toArray()));
                    statement.setArray(next + 2, connection.createArrayOf("varchar",
                            traits.stream().map(EventFields.Trait::value).toArray()));
                    statement.setArray(next + 3, connection.createArrayOf("varchar",
                            traits.stream().map(EventFields.Trait::riskBand).toArray()));
                    break;
                }
                for (int i = 0; i < part.columns().size(); i++) {
                    Object value = part.values().get(i);
                    if (value == null) {
                        statement.setNull(next++, part.columns().get(i).jdbcType());
                    } else {
                        statement.setObject(next++, value);
                    }
                }
            }
            statement.executeUpdate();
        }
    }

    private String json(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A parsed event always serialises", e);
        }
    }
}
