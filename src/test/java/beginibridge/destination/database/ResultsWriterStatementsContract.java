package beginibridge.destination.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import beginibridge.db.MigratedDataSource;
import beginibridge.support.CountingDriver;
import beginibridge.support.Rows;
import beginibridge.support.TestDatabase;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ResultsWriter on its own against a real database, with every statement it sends written down: what each event
 * leaves in the results tables, whatever the order of arrival and however often it is written, and how few
 * statements that takes (on PostgreSQL one in all; on H2 one for the applicant's row, one for the score, one for
 * all its traits, and the commit; none deleting).
 */
abstract class ResultsWriterStatementsContract {

    private static final String INTEGRATION = "00000000000000000001";
    private static final Journey EXPIRED = new Journey("expired", "application_expired_at");
    private static final Journey COMPLETED = new Journey("completed", "application_completed_at");
    private static final Journey CANCELLED = new Journey("cancelled", "application_cancelled_at");
    private static final String TWELVE_TRAITS = IntStream.range(0, 12)
            .mapToObj(i -> "{\"key\":\"trait_" + i + "\",\"value\":" + (40 + i) + ",\"risk_band\":\"B\"}")
            .collect(Collectors.joining(",", "[", "]"));

    private final ObjectMapper mapper = new ObjectMapper();
    private TestDatabase database;
    private MigratedDataSource dataSource;
    private CountingDriver.Log sent;
    private ResultsWriter writer;

    protected abstract TestDatabase createDatabase();

    @BeforeEach
    void migrate() throws Exception {
        database = createDatabase();
        dataSource = new MigratedDataSource(CountingDriver.url(database.url()), database.user(),
                database.password(), 2, 3000);
        dataSource.migrate();
        sent = CountingDriver.log(database.url());
        writer = new ResultsWriter(dataSource);
    }

    @AfterEach
    void close() throws Exception {
        dataSource.close();
        database.close();
    }

    @Test
    void should_write_a_score_with_its_traits_in_one_statement_on_postgresql_three_on_h2_and_delete_nothing()
            throws Exception {
        UUID event = event("APP-W-count", "psychometric_score.complete");
        sent.clear();

        writer.write(event, INTEGRATION, "APP-W-count", null, ScoreKind.PSYCHOMETRIC, fields(
                "{\"application_started_at\":1795000000,\"scored_at\":1795001000,\"platform\":\"WEB\","
                        + "\"calculated\":{\"score\":412,\"risk_band\":\"B\",\"score_confidence\":\"High\","
                        + "\"traits\":" + TWELVE_TRAITS + "},\"flags\":[\"NEW_FLAG\"]}"));

        report("psychometric_score.complete with 12 traits");
        assertThat(sent.statements()).noneMatch(sql -> sql.startsWith("DELETE"));
        if (postgresql()) {
            assertThat(sent.statements()).as("one statement, its own transaction").singleElement()
                    .satisfies(sql -> assertThat(sql).contains("begini_application", "begini_score", "begini_trait"));
        } else {
            assertThat(sent.statements()).hasSize(4).last().isEqualTo("COMMIT");
            assertThat(sent.statements()).filteredOn(sql -> sql.contains("begini_application")).hasSize(1);
        }
        assertThat(Rows.query(database, "SELECT * FROM begini_trait WHERE event_id = ?", event)).hasSize(12);
        assertThat(Rows.application(database, "APP-W-count")).containsEntry("psychometric_score", 412)
                .containsEntry("application_started_at", 1795000000L);
    }

    @Test
    void should_write_a_journey_event_in_one_statement() throws Exception {
        UUID event = event("APP-W-expired", "application.expired");
        sent.clear();

        writer.write(event, INTEGRATION, "APP-W-expired", EXPIRED, null, fields(
                "{\"application_started_at\":1795000000,\"application_expired_at\":1795086400,"
                        + "\"percentage_completed\":\"0.5\"}"));

        report("application.expired");
        if (postgresql()) {
            assertThat(sent.statements()).as("one statement, its own transaction").singleElement()
                    .satisfies(sql -> assertThat(sql).contains("begini_application"));
        } else {
            assertThat(sent.statements()).hasSize(2).last().isEqualTo("COMMIT");
        }
        assertThat(Rows.application(database, "APP-W-expired")).containsEntry("journey_status", "expired")
                .containsEntry("journey_status_at", 1795086400L).containsEntry("percentage_completed", "0.5")
                .containsEntry("application_started_at", 1795000000L);
    }

    @Test
    void should_change_nothing_but_the_time_of_writing_when_a_score_with_traits_is_written_again()
            throws Exception {
        String details = "{\"application_started_at\":1795000000,\"scored_at\":1795001000,"
                + "\"calculated\":{\"score\":412,\"risk_band\":\"B\",\"traits\":" + TWELVE_TRAITS + "}}";
        UUID event = event("APP-W-redo", "psychometric_score.complete");
        writer.write(event, INTEGRATION, "APP-W-redo", null, ScoreKind.PSYCHOMETRIC, fields(details));
        Map<String, Object> before = everything("APP-W-redo", event);
        sent.clear();

        writer.write(event, INTEGRATION, "APP-W-redo", null, ScoreKind.PSYCHOMETRIC, fields(details));

        assertThat(everything("APP-W-redo", event)).isEqualTo(before);
        assertThat(sent.statements()).noneMatch(sql -> sql.startsWith("DELETE"));
        assertThat(Rows.query(database, "SELECT * FROM begini_trait WHERE event_id = ?", event)).hasSize(12);
    }

    @Test
    void should_reach_the_newest_journey_whatever_the_order_of_arrival() throws Exception {
        String expired = "{\"application_expired_at\":1795002000,\"percentage_completed\":\"0.4\"}";
        String completed = "{\"application_completed_at\":1795001000,\"percentage_completed\":\"1\"}";
        journey("APP-W-newer-first", EXPIRED, expired);
        Object updatedAt = Rows.application(database, "APP-W-newer-first").get("updated_at");
        journey("APP-W-newer-first", COMPLETED, completed);
        journey("APP-W-older-first", COMPLETED, completed);
        journey("APP-W-older-first", EXPIRED, expired);

        assertThat(business("APP-W-newer-first")).isEqualTo(business("APP-W-older-first"))
                .containsEntry("journey_status", "expired").containsEntry("journey_status_at", 1795002000L)
                .containsEntry("percentage_completed", "0.4");
        assertThat(Rows.application(database, "APP-W-newer-first").get("updated_at"))
                .as("a late older event leaves the row as it was").isEqualTo(updatedAt);
    }

    @Test
    void should_let_a_dated_journey_event_replace_an_undated_one_and_the_later_of_two_at_the_same_time()
            throws Exception {
        journey("APP-W-undated", EXPIRED, "{}");
        journey("APP-W-undated", COMPLETED, "{}");
        assertThat(Rows.application(database, "APP-W-undated")).as("undated after undated")
                .containsEntry("journey_status", "completed").containsEntry("journey_status_at", null);

        journey("APP-W-undated", EXPIRED, "{\"application_expired_at\":1795002000}");
        journey("APP-W-undated", COMPLETED, "{}");
        assertThat(Rows.application(database, "APP-W-undated")).as("undated after dated")
                .containsEntry("journey_status", "expired").containsEntry("journey_status_at", 1795002000L);

        journey("APP-W-undated", CANCELLED, "{\"application_cancelled_at\":1795002000}");
        assertThat(Rows.application(database, "APP-W-undated")).as("the same time")
                .containsEntry("journey_status", "cancelled").containsEntry("journey_status_at", 1795002000L);
    }

    @Test
    void should_keep_the_newest_score_of_each_kind_and_every_score_whatever_the_order_of_arrival()
            throws Exception {
        String newer = "{\"scored_at\":1795003000,\"calculated\":{\"score\":300,\"risk_band\":\"A\","
                + "\"score_confidence\":\"High\"}}";
        String older = "{\"scored_at\":1795002000,\"calculated\":{\"score\":700,\"risk_band\":\"D\","
                + "\"score_confidence\":\"Low\",\"traits\":" + TWELVE_TRAITS + "}}";
        String android = "{\"scored_at\":1795002500,\"calculated\":{\"score\":538}}";
        score("APP-W-score-newer-first", ScoreKind.PSYCHOMETRIC, newer);
        Object updatedAt = Rows.application(database, "APP-W-score-newer-first").get("updated_at");
        score("APP-W-score-newer-first", ScoreKind.PSYCHOMETRIC, older);
        assertThat(Rows.application(database, "APP-W-score-newer-first").get("updated_at"))
                .as("a late older score leaves the row as it was").isEqualTo(updatedAt);
        score("APP-W-score-newer-first", ScoreKind.ANDROID, android);
        score("APP-W-score-older-first", ScoreKind.ANDROID, android);
        score("APP-W-score-older-first", ScoreKind.PSYCHOMETRIC, older);
        score("APP-W-score-older-first", ScoreKind.PSYCHOMETRIC, newer);

        assertThat(business("APP-W-score-newer-first")).isEqualTo(business("APP-W-score-older-first"))
                .containsEntry("psychometric_score", 300).containsEntry("psychometric_risk_band", "A")
                .containsEntry("psychometric_score_confidence", "High")
                .containsEntry("psychometric_scored_at", 1795003000L).containsEntry("android_score", 538)
                .containsEntry("android_scored_at", 1795002500L).containsEntry("journey_status", null);
        for (String uid : List.of("APP-W-score-newer-first", "APP-W-score-older-first")) {
            assertThat(Rows.query(database, "SELECT kind, score FROM begini_score WHERE uid = ? ORDER BY score",
                    uid)).as("every score is kept, old or new").containsExactly(Map.of("kind", "psychometric",
                    "score", 300), Map.of("kind", "android", "score", 538), Map.of("kind", "psychometric",
                    "score", 700));
            assertThat(Rows.query(database, "SELECT t.trait_key FROM begini_trait t JOIN begini_score s"
                    + " ON s.event_id = t.event_id WHERE s.uid = ?", uid)).hasSize(12);
        }
    }

    @Test
    void should_store_every_trait_text_exactly_as_sent() throws Exception {
        List<String> texts = List.of("NULL", "", " ", "\"quoted\"", "back\\slash", "{braces},[brackets]", "a,b",
                "'single'", "tab\tnew\nline", "€ 漢字 😀", "x".repeat(5000));
        String traits = mapper.writeValueAsString(IntStream.range(0, texts.size()).mapToObj(i -> {
            Map<String, Object> trait = new HashMap<>();
            trait.put("key", texts.get(i));
            trait.put("value", texts.get(texts.size() - 1 - i));
            trait.put("risk_band", i % 2 == 0 ? null : texts.get(i));
            return trait;
        }).toList());
        UUID event = event("APP-W-texts", "psychometric_score.complete");

        writer.write(event, INTEGRATION, "APP-W-texts", null, ScoreKind.PSYCHOMETRIC, fields(
                "{\"scored_at\":1795001000,\"calculated\":{\"score\":1,\"traits\":" + traits + "}}"));

        List<Map<String, Object>> stored = Rows.query(database, "SELECT trait_index, trait_key, trait_value, risk_band"
                + " FROM begini_trait WHERE event_id = ? ORDER BY trait_index", event);
        assertThat(stored).hasSize(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            Map<String, Object> expected = new HashMap<>();
            expected.put("trait_index", i);
            expected.put("trait_key", texts.get(i));
            expected.put("trait_value", texts.get(texts.size() - 1 - i));
            expected.put("risk_band", i % 2 == 0 ? null : texts.get(i));
            assertThat(stored.get(i)).as("trait %d", i).isEqualTo(expected);
        }
    }

    @Test
    void should_set_when_the_application_started_once_and_leave_the_rest_of_the_row() throws Exception {
        applicant("APP-W-started", "{}");
        Map<String, Object> created = Rows.application(database, "APP-W-started");
        applicant("APP-W-started", "{\"application_started_at\":1795000000}");
        applicant("APP-W-started", "{\"application_started_at\":1794000000}");
        journey("APP-W-started", COMPLETED, "{\"application_started_at\":1793000000,"
                + "\"application_completed_at\":1795001000}");

        assertThat(created).containsEntry("application_started_at", null).containsEntry("journey_status", null);
        Map<String, Object> row = Rows.application(database, "APP-W-started");
        assertThat(row).containsEntry("application_started_at", 1795000000L)
                .containsEntry("journey_status", "completed");
        applicant("APP-W-started", "{\"application_started_at\":1792000000}");
        assertThat(Rows.application(database, "APP-W-started")).as("an event of another type changes nothing")
                .isEqualTo(row);
    }

    @Test
    void should_not_wait_for_the_disk_on_postgresql_and_leave_the_pooled_connections_as_they_were() throws Exception {
        boolean postgresql = postgresql();
        sent.clear();

        journey("APP-W-flush", EXPIRED, "{\"application_expired_at\":1795001000}");

        String upsert = sent.statements().stream().filter(sql -> sql.contains("begini_application")).findFirst()
                .orElseThrow();
        assertThat(upsert.contains("set_config('synchronous_commit', 'off'"))
                .as("only PostgreSQL's write turns the wait off, for its own transaction").isEqualTo(postgresql);
        if (postgresql) {
            // both pooled connections at once: whichever wrote, neither keeps the setting for the next transaction
            try (Connection first = dataSource.getConnection(); Connection second = dataSource.getConnection()) {
                for (Connection connection : List.of(first, second)) {
                    try (Statement show = connection.createStatement();
                            ResultSet setting = show.executeQuery("SHOW synchronous_commit")) {
                        assertThat(setting.next()).isTrue();
                        assertThat(setting.getString(1)).isEqualTo("on");
                    }
                }
            }
        }
        assertThat(Rows.application(database, "APP-W-flush")).containsEntry("journey_status", "expired");
    }

    private boolean postgresql() {
        return !database.url().startsWith("jdbc:h2");
    }

    private void report(String what) {
        List<String> statements = sent.statements();
        System.out.printf("%s on %s: %d statements (%d of them COMMIT), %d calls waiting for the database%n",
                what, database.url().startsWith("jdbc:h2") ? "H2" : "PostgreSQL", statements.size(),
                statements.stream().filter("COMMIT"::equals).count(), sent.calls());
        statements.forEach(sql -> System.out.println("  " + sql));
    }

    private UUID event(String uid, String type) throws Exception {
        UUID id = UUID.randomUUID();
        Rows.execute(database, "INSERT INTO begini_event (id, integration_id, uid, event_type, payload,"
                + " payload_sha256, received_at, status) VALUES (?, ?, ?, ?, ?, ?, ?, 'routed')", id, INTEGRATION,
                uid, type, "{}".getBytes(StandardCharsets.UTF_8), (id.toString() + id).replace("-", ""),
                OffsetDateTime.now());
        return id;
    }

    private void journey(String uid, Journey journey, String details) throws Exception {
        writer.write(event(uid, "application." + journey.status()), INTEGRATION, uid, journey, null,
                fields(details));
    }

    private void score(String uid, ScoreKind kind, String details) throws Exception {
        writer.write(event(uid, "score"), INTEGRATION, uid, null, kind, fields(details));
    }

    private void applicant(String uid, String details) throws Exception {
        writer.write(event(uid, "application.started"), INTEGRATION, uid, null, null, fields(details));
    }

    @SuppressWarnings("unchecked")
    private EventFields fields(String details) throws Exception {
        return new EventFields(mapper.readValue("{\"event\":{\"details\":" + details + "}}", Map.class));
    }

    private Map<String, Object> everything(String uid, UUID event) throws Exception {
        return Map.of("application", business(uid),
                "score", Rows.query(database, "SELECT * FROM begini_score WHERE event_id = ?", event),
                "traits", Rows.query(database, "SELECT * FROM begini_trait WHERE event_id = ? ORDER BY trait_index",
                        event));
    }

    private Map<String, Object> business(String uid) throws Exception {
        Map<String, Object> row = new HashMap<>(Rows.application(database, uid));
        row.remove("uid");
        row.remove("updated_at");
        return row;
    }
}
