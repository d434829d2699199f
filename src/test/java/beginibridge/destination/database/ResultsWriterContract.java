package beginibridge.destination.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import beginibridge.db.MigratedDataSource;
import beginibridge.db.PayloadCipher;
import beginibridge.db.PayloadHash;
import beginibridge.delivery.DeliveryExchange;
import beginibridge.intake.Inbox;
import beginibridge.support.Rows;
import beginibridge.support.TestDatabase;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The results the database destination writes, without the rest of the bridge: the applicant's row, the journey and
 * each kind of score moving only forward in event time, and every score with its traits. Run on H2 and on
 * PostgreSQL by the subclasses.
 */
abstract class ResultsWriterContract {

    static final String INTEGRATION = "00000000000000000001";
    static final Journey COMPLETED = new Journey("completed", "application_completed_at");
    static final Journey EXPIRED = new Journey("expired", "application_expired_at");
    static final ObjectMapper JSON = new ObjectMapper();

    private TestDatabase database;
    private MigratedDataSource dataSource;
    private ResultsWriter writer;
    private String uid;

    protected abstract TestDatabase createDatabase();

    @BeforeEach
    void migrate() throws Exception {
        database = createDatabase();
        dataSource = new MigratedDataSource(database.url(), database.user(), database.password(), 2, 3000);
        dataSource.migrate();
        writer = new ResultsWriter(dataSource);
        uid = "APP-" + UUID.randomUUID();
    }

    @AfterEach
    void close() throws Exception {
        dataSource.close();
        database.close();
    }

    @Test
    void should_record_a_journey_with_its_time_percentage_reasons_and_start() throws Exception {
        writer.write(UUID.randomUUID(), INTEGRATION, uid, COMPLETED, null, fields("""
                {"event": {"reasons": ["age", "region"], "details": {"application_started_at": 900,
                 "application_completed_at": 1000, "percentage_completed": 100}}}"""));

        Map<String, Object> row = application();
        assertThat(row.get("journey_status")).isEqualTo("completed");
        assertThat(number(row, "journey_status_at")).isEqualTo(1000);
        assertThat(row.get("percentage_completed")).isEqualTo("100");
        assertThat(JSON.readTree((String) row.get("reasons"))).isEqualTo(JSON.readTree("[\"age\",\"region\"]"));
        assertThat(number(row, "application_started_at")).isEqualTo(900);
        assertThat(row.get("psychometric_score")).isNull();
        assertThat(Rows.query(database, "SELECT * FROM begini_score")).as("no score").isEmpty();
    }

    @Test
    void should_move_the_journey_only_forward_in_event_time() throws Exception {
        writer.write(UUID.randomUUID(), INTEGRATION, uid, COMPLETED, null, journeyAt("application_completed_at", 1000));

        writer.write(UUID.randomUUID(), INTEGRATION, uid, EXPIRED, null, journeyAt("application_expired_at", 999));
        assertThat(application().get("journey_status")).as("older").isEqualTo("completed");

        writer.write(UUID.randomUUID(), INTEGRATION, uid, EXPIRED, null, journeyAt("application_expired_at", 1000));
        assertThat(application().get("journey_status")).as("as old: written again").isEqualTo("expired");

        writer.write(UUID.randomUUID(), INTEGRATION, uid, COMPLETED, null, fields("{\"event\":{\"details\":{}}}"));
        assertThat(application().get("journey_status")).as("undated, after a dated one").isEqualTo("expired");

        writer.write(UUID.randomUUID(), INTEGRATION, uid, COMPLETED, null, journeyAt("application_completed_at", 1001));
        assertThat(application().get("journey_status")).isEqualTo("completed");
        assertThat(number(application(), "journey_status_at")).isEqualTo(1001);
    }

    @Test
    void should_record_an_undated_journey_when_none_is_recorded_yet() throws Exception {
        writer.write(UUID.randomUUID(), INTEGRATION, uid, EXPIRED, null, fields("{\"event\":{\"details\":{}}}"));

        assertThat(application().get("journey_status")).isEqualTo("expired");
        assertThat(application().get("journey_status_at")).isNull();
        assertThat(application().get("reasons")).as("none sent: none stored").isNull();
        assertThat(application().get("percentage_completed")).isNull();
    }

    @Test
    void should_keep_the_first_start_of_an_application() throws Exception {
        writer.write(UUID.randomUUID(), INTEGRATION, uid, null, null, new EventFields(startedAt(900)));
        writer.write(UUID.randomUUID(), INTEGRATION, uid, null, null, new EventFields(startedAt(950)));

        assertThat(number(application(), "application_started_at")).isEqualTo(900);
        assertThat(application().get("journey_status")).isNull();
    }

    @Test
    void should_record_a_psychometric_score_with_all_it_came_with_once_however_often_written() throws Exception {
        UUID eventId = storedEvent("psychometric_score.complete");
        EventFields score = fields("""
                {"event": {"details": {"scored_at": 2000, "platform": "WEB", "flags": ["f1"],
                 "permissions_granted": ["contacts"], "permissions_denied": ["sms"],
                 "calculated": {"score": 412, "risk_band": "B", "score_confidence": "High", "traits": [
                   {"key": "openness", "value": 58, "risk_band": "C"}, "not a trait",
                   {"key": "integrity", "value": 79, "risk_band": "A"}]}}}}""");

        writer.write(eventId, INTEGRATION, uid, null, ScoreKind.PSYCHOMETRIC, score);
        writer.write(eventId, INTEGRATION, uid, null, ScoreKind.PSYCHOMETRIC, score);

        Map<String, Object> row = application();
        assertThat(number(row, "psychometric_score")).isEqualTo(412);
        assertThat(row.get("psychometric_risk_band")).isEqualTo("B");
        assertThat(row.get("psychometric_score_confidence")).isEqualTo("High");
        assertThat(number(row, "psychometric_scored_at")).isEqualTo(2000);
        assertThat(row.get("android_score")).isNull();
        List<Map<String, Object>> scores = Rows.query(database, "SELECT * FROM begini_score");
        assertThat(scores).hasSize(1);
        Map<String, Object> stored = scores.get(0);
        assertThat(stored.get("event_id")).isEqualTo(eventId);
        assertThat(stored).containsEntry("integration_id", INTEGRATION).containsEntry("uid", uid)
                .containsEntry("kind", "psychometric").containsEntry("platform", "WEB")
                .containsEntry("risk_band", "B").containsEntry("score_confidence", "High");
        assertThat(number(stored, "score")).isEqualTo(412);
        assertThat(number(stored, "scored_at")).isEqualTo(2000);
        assertThat(JSON.readTree((String) stored.get("calculated")).get("traits")).hasSize(3);
        assertThat(stored.get("flags")).isEqualTo("[\"f1\"]");
        assertThat(stored.get("permissions_granted")).isEqualTo("[\"contacts\"]");
        assertThat(stored.get("permissions_denied")).isEqualTo("[\"sms\"]");
        assertThat(Rows.query(database, "SELECT trait_index, trait_key, trait_value, risk_band FROM begini_trait"
                + " ORDER BY trait_index")).extracting(trait -> trait.get("trait_index") + ":" + trait.get("trait_key")
                        + "=" + trait.get("trait_value") + "/" + trait.get("risk_band"))
                .containsExactly("0:openness=58/C", "1:integrity=79/A");
    }

    @Test
    void should_move_each_kind_of_score_only_forward_and_apart_from_the_others() throws Exception {
        writer.write(storedEvent("android_score.complete"), INTEGRATION, uid, null, ScoreKind.ANDROID, score(700, 3000));
        writer.write(storedEvent("ios_score.complete"), INTEGRATION, uid, null, ScoreKind.IOS, score(600, 3000));
        UUID older = storedEvent("android_score.complete");

        writer.write(older, INTEGRATION, uid, null, ScoreKind.ANDROID, score(100, 2999));

        Map<String, Object> row = application();
        assertThat(number(row, "android_score")).isEqualTo(700);
        assertThat(number(row, "android_scored_at")).isEqualTo(3000);
        assertThat(number(row, "ios_score")).isEqualTo(600);
        assertThat(number(row, "ios_scored_at")).isEqualTo(3000);
        assertThat(row.get("psychometric_score")).isNull();
        assertThat(Rows.query(database, "SELECT kind FROM begini_score WHERE event_id = ?", older))
                .as("the older score is kept as a score all the same").extracting(score -> score.get("kind"))
                .containsExactly("android");

        writer.write(storedEvent("android_score.complete"), INTEGRATION, uid, null, ScoreKind.ANDROID, score(800, 3000));
        assertThat(number(application(), "android_score")).as("as new: written").isEqualTo(800);
        writer.write(storedEvent("android_score.complete"), INTEGRATION, uid, null, ScoreKind.ANDROID,
                fields("{\"event\":{\"details\":{\"calculated\":{\"score\":5}}}}"));
        assertThat(number(application(), "android_score")).as("undated, after a dated one").isEqualTo(800);
    }

    @Test
    void should_store_a_score_that_is_no_whole_number_as_none() throws Exception {
        UUID eventId = storedEvent("ios_score.complete");

        writer.write(eventId, INTEGRATION, uid, null, ScoreKind.IOS,
                fields("{\"event\":{\"details\":{\"scored_at\":10,\"calculated\":{\"score\":1.5}}}}"));

        assertThat(application().get("ios_score")).isNull();
        assertThat(number(application(), "ios_scored_at")).isEqualTo(10);
        assertThat(Rows.query(database, "SELECT score FROM begini_score").get(0).get("score")).isNull();
        assertThat(Rows.query(database, "SELECT * FROM begini_trait")).isEmpty();
        assertThat(Rows.query(database, "SELECT flags, permissions_granted, permissions_denied FROM begini_score")
                .get(0).values()).as("none sent: none stored").containsOnlyNulls();
    }

    @Test
    void should_write_what_the_route_names_for_the_event_in_the_exchange() throws Exception {
        UUID scoreEvent = storedEvent("psychometric_score.complete");
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            writer.applicant(exchange(camel, UUID.randomUUID(), startedAt(900)));
            writer.journey(exchange(camel, UUID.randomUUID(), Map.of("event", Map.of("details",
                    Map.of("application_expired_at", 1200)))), "expired", "application_expired_at");
            writer.score(exchange(camel, scoreEvent, Map.of("event", Map.of("details", Map.of("scored_at", 1300,
                    "calculated", Map.of("score", 321, "risk_band", "A"))))), "psychometric");
        }

        Map<String, Object> row = application();
        assertThat(number(row, "application_started_at")).isEqualTo(900);
        assertThat(row.get("journey_status")).isEqualTo("expired");
        assertThat(number(row, "journey_status_at")).isEqualTo(1200);
        assertThat(number(row, "psychometric_score")).isEqualTo(321);
        assertThat(row.get("psychometric_risk_band")).isEqualTo("A");
        assertThat(Rows.query(database, "SELECT kind FROM begini_score WHERE event_id = ?", scoreEvent))
                .hasSize(1);
    }

    private Exchange exchange(DefaultCamelContext camel, UUID eventId, Map<String, Object> body) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(DeliveryExchange.EVENT_ID, eventId.toString());
        exchange.setProperty(DeliveryExchange.INTEGRATION_ID, INTEGRATION);
        exchange.setProperty(DeliveryExchange.UID, uid);
        exchange.getMessage().setBody(body);
        return exchange;
    }

    /** A score's row refers to its event in the inbox. */
    private UUID storedEvent(String type) throws Exception {
        byte[] payload = ("{\"uid\":\"" + uid + "\",\"n\":\"" + UUID.randomUUID() + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        return new Inbox(dataSource, new PayloadCipher(""), "5s", new PayloadHash(""))
                .insert(INTEGRATION, uid, type, payload, "received", null).id();
    }

    private Map<String, Object> application() throws Exception {
        List<Map<String, Object>> rows = Rows.query(database,
                "SELECT * FROM begini_application WHERE integration_id = ? AND uid = ?", INTEGRATION, uid);
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    private static long number(Map<String, Object> row, String column) {
        assertThat(row.get(column)).as(column).isNotNull();
        return ((Number) row.get(column)).longValue();
    }

    private static EventFields journeyAt(String field, long at) {
        return new EventFields(Map.of("event", Map.of("details", Map.of(field, at))));
    }

    private static EventFields score(int score, long at) {
        return new EventFields(Map.of("event", Map.of("details", Map.of("scored_at", at,
                "calculated", Map.of("score", score)))));
    }

    private static Map<String, Object> startedAt(long at) {
        return Map.of("event", Map.of("details", Map.of("application_started_at", at)));
    }

    @SuppressWarnings("unchecked")
    private static EventFields fields(String json) throws Exception {
        return new EventFields(JSON.readValue(json, Map.class));
    }
}
