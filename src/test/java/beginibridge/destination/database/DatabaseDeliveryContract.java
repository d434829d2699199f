package beginibridge.destination.database;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import beginibridge.support.Deliveries;
import beginibridge.support.DispatchTestSupport;
import beginibridge.support.Rows;
import com.github.tomakehurst.wiremock.client.WireMock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The database destination end to end: rows for each event type, ordering safety and idempotency. */
abstract class DatabaseDeliveryContract extends DispatchTestSupport {

    static final String TRAITS = "[" + String.join(",", java.util.stream.IntStream.range(0, 12)
            .mapToObj(i -> "{\"key\":\"trait_" + i + "\",\"value\":" + (40 + i) + ",\"risk_band\":\"B\"}").toList())
            + "]";

    @BeforeEach
    void crmAcceptsEverything() {
        crm.stubFor(WireMock.post(urlEqualTo("/crm/events")).willReturn(aResponse().withStatus(200).withBody("{}")));
    }

    @ParameterizedTest(name = "{0} to {1}")
    @CsvSource({
            "psychometric_score.complete, 'crm,database'",
            "android_score.complete,      'crm,database'",
            "ios_score.complete,          'crm,database'",
            "application.complete,        'crm,database'",
            "application.expired,         'crm,database,email'",
            "application.incomplete,      'crm,database,email'",
            "application.cancelled,       'crm,database,email'"})
    void should_route_each_type_to_its_destinations(String type, String destinations) throws Exception {
        String eventId = deliver(webhook("APP-DB-route-" + type, type, "{}"));

        assertThat(String.join(",", settled(eventId).stream().map(Deliveries.Row::destination).toList()))
                .as(type).isEqualTo(destinations);
    }

    @Test
    void should_store_a_psychometric_score_with_all_its_traits() throws Exception {
        String eventId = deliver(webhook("APP-DB-psy", "psychometric_score.complete",
                "{\"application_started_at\":1795000000,\"scored_at\":1795001000,\"platform\":\"WEB\","
                        + "\"calculated\":{\"score\":412,\"risk_band\":\"B\",\"score_confidence\":\"High\","
                        + "\"traits\":" + TRAITS + "},\"flags\":[\"NEW_FLAG\"]}"));

        assertThat(settled(eventId)).filteredOn(row -> row.destination().equals("database"))
                .singleElement().extracting(Deliveries.Row::status).isEqualTo("done");
        Map<String, Object> score = Rows.query(database(), "SELECT * FROM begini_score WHERE event_id = ?",
                UUID.fromString(eventId)).get(0);
        assertThat(score).containsEntry("kind", "psychometric").containsEntry("score", 412)
                .containsEntry("risk_band", "B").containsEntry("score_confidence", "High")
                .containsEntry("scored_at", 1795001000L).containsEntry("platform", "WEB")
                .containsEntry("flags", "[\"NEW_FLAG\"]");
        assertThat(Rows.query(database(), "SELECT trait_key, trait_value, risk_band FROM begini_trait"
                + " WHERE event_id = ? ORDER BY trait_index", UUID.fromString(eventId)))
                .hasSize(12).first().isEqualTo(Map.of("trait_key", "trait_0", "trait_value", "40", "risk_band", "B"));
        assertThat(Rows.application(database(), "APP-DB-psy")).containsEntry("psychometric_score", 412)
                .containsEntry("psychometric_risk_band", "B").containsEntry("psychometric_scored_at", 1795001000L)
                .containsEntry("application_started_at", 1795000000L);
    }

    @Test
    void should_store_device_scores_with_permissions() throws Exception {
        String android = deliver(webhook("APP-DB-device", "android_score.complete",
                "{\"scored_at\":1795001000,\"platform\":\"ANDROID\",\"calculated\":{\"score\":538},"
                        + "\"permissions_granted\":[\"android.permission.CAMERA\"],\"permissions_denied\":[],"
                        + "\"flags\":[]}"));
        String ios = deliver(webhook("APP-DB-device", "ios_score.complete",
                "{\"scored_at\":1795001100,\"platform\":\"IOS\",\"calculated\":{\"score\":487}}"));
        settled(android);
        settled(ios);

        assertThat(Rows.query(database(), "SELECT kind, score, permissions_granted FROM begini_score"
                + " WHERE uid = ? ORDER BY kind", "APP-DB-device"))
                .extracting(row -> row.get("kind"), row -> row.get("score"), row -> row.get("permissions_granted"))
                .containsExactly(tuple("android", 538, "[\"android.permission.CAMERA\"]"), tuple("ios", 487, null));
        assertThat(Rows.application(database(), "APP-DB-device")).containsEntry("android_score", 538)
                .containsEntry("ios_score", 487).containsEntry("ios_scored_at", 1795001100L);
    }

    @Test
    void should_record_each_journey_status_with_its_details() throws Exception {
        settled(deliver(webhook("APP-DB-expired", "application.expired",
                "{\"application_started_at\":1795000000,\"application_expired_at\":1795086400,"
                        + "\"percentage_completed\":\"0.333333333333333\"}")));
        String cancelled = "{\"uid\":\"APP-DB-cancelled\",\"integration_id\":\"" + INTEGRATION + "\",\"event\":"
                + "{\"type\":\"application.cancelled\",\"details\":{\"application_cancelled_at\":1795000038},"
                + "\"reasons\":[\"Denied the terms and conditions\"]}}";
        settled(deliver(cancelled.getBytes(java.nio.charset.StandardCharsets.UTF_8)));

        assertThat(Rows.application(database(), "APP-DB-expired")).containsEntry("journey_status", "expired")
                .containsEntry("journey_status_at", 1795086400L)
                .containsEntry("percentage_completed", "0.333333333333333");
        assertThat(Rows.application(database(), "APP-DB-cancelled")).containsEntry("journey_status", "cancelled")
                .containsEntry("reasons", "[\"Denied the terms and conditions\"]");
    }

    @Test
    void should_not_let_an_older_event_overwrite_newer_state() throws Exception {
        settled(deliver(webhook("APP-DB-order", "application.complete", "{\"application_completed_at\":1795002000}")));
        settled(deliver(webhook("APP-DB-order", "psychometric_score.complete",
                "{\"scored_at\":1795003000,\"calculated\":{\"score\":300,\"risk_band\":\"A\"}}")));

        settled(deliver(webhook("APP-DB-order", "application.expired", "{\"application_expired_at\":1795001000}")));
        settled(deliver(webhook("APP-DB-order", "psychometric_score.complete",
                "{\"scored_at\":1795002500,\"calculated\":{\"score\":700,\"risk_band\":\"D\"}}")));

        assertThat(Rows.application(database(), "APP-DB-order")).containsEntry("journey_status", "completed")
                .containsEntry("journey_status_at", 1795002000L).containsEntry("psychometric_score", 300)
                .containsEntry("psychometric_risk_band", "A");
        assertThat(Rows.query(database(), "SELECT score FROM begini_score WHERE uid = ?", "APP-DB-order"))
                .as("every score event is kept, old or new").hasSize(2);
    }

    @Test
    void should_reach_the_same_row_whichever_of_score_and_complete_arrives_first() throws Exception {
        String complete = "{\"application_started_at\":1795000000,\"application_completed_at\":1795000900}";
        String score = "{\"application_started_at\":1795000000,\"scored_at\":1795000950,"
                + "\"calculated\":{\"score\":412,\"risk_band\":\"B\",\"score_confidence\":\"High\"}}";

        settled(deliver(webhook("APP-DB-ab", "application.complete", complete)));
        settled(deliver(webhook("APP-DB-ab", "psychometric_score.complete", score)));
        settled(deliver(webhook("APP-DB-ba", "psychometric_score.complete", score)));
        settled(deliver(webhook("APP-DB-ba", "application.complete", complete)));

        assertThat(withoutBookkeeping(Rows.application(database(), "APP-DB-ab")))
                .isEqualTo(withoutBookkeeping(Rows.application(database(), "APP-DB-ba")))
                .containsEntry("journey_status", "completed").containsEntry("psychometric_score", 412);
    }

    @Test
    void should_not_double_rows_when_a_delivery_is_done_again() throws Exception {
        String eventId = deliver(webhook("APP-DB-redo", "psychometric_score.complete",
                "{\"scored_at\":1795001000,\"calculated\":{\"score\":412,\"traits\":" + TRAITS + "}}"));
        settled(eventId);
        Deliveries.Row database = Deliveries.one(database(), eventId, "database");

        Rows.execute(database(), "UPDATE begini_delivery SET status = 'pending' WHERE id = ?", database.id());
        eventually().until(() -> Deliveries.one(database(), eventId, "database").attempts() == 2
                && Deliveries.one(database(), eventId, "database").status().equals("done"));

        assertThat(Rows.query(database(), "SELECT * FROM begini_score WHERE event_id = ?", UUID.fromString(eventId)))
                .hasSize(1);
        assertThat(Rows.query(database(), "SELECT * FROM begini_trait WHERE event_id = ?", UUID.fromString(eventId)))
                .hasSize(12);
        assertThat(Rows.query(database(), "SELECT * FROM begini_application WHERE uid = ?", "APP-DB-redo"))
                .hasSize(1);
    }

    @Test
    void should_store_unknown_types_as_unrouted_without_deliveries() throws Exception {
        String eventId = deliver(webhook("APP-DB-unknown", "application.archived", "{}"));

        eventually().until(() -> "unrouted".equals(Deliveries.eventStatus(database(), eventId)));
        assertThat(Deliveries.ofEvent(database(), eventId)).isEmpty();
    }

    @Test
    void should_store_long_unfamiliar_values_and_nul_characters_without_failing_the_delivery() throws Exception {
        String long300 = "band-" + "x".repeat(300);
        String score = deliver(webhook("APP-DB-odd", "psychometric_score.complete",
                "{\"scored_at\":1795001000,\"platform\":\"W\\u0000EB\",\"calculated\":{\"score\":412,"
                        + "\"risk_band\":\"" + long300 + "\",\"score_confidence\":\"" + long300 + "\","
                        + "\"traits\":[{\"key\":\"k\\u0000\",\"value\":\"v\",\"risk_band\":\"B\"}]}}"));
        String expired = deliver(webhook("APP-DB-odd", "application.expired",
                "{\"application_expired_at\":1795002000,\"percentage_completed\":\"0.5\\u0000" + long300 + "\"}"));

        assertThat(settled(score)).filteredOn(row -> row.destination().equals("database")).singleElement()
                .extracting(Deliveries.Row::status).isEqualTo("done");
        assertThat(settled(expired)).filteredOn(row -> row.destination().equals("database")).singleElement()
                .extracting(Deliveries.Row::status).isEqualTo("done");
        assertThat(Rows.application(database(), "APP-DB-odd")).containsEntry("psychometric_risk_band", long300)
                .containsEntry("psychometric_score_confidence", long300)
                .containsEntry("percentage_completed", "0.5\uFFFD" + long300);
        assertThat(Rows.query(database(), "SELECT platform FROM begini_score WHERE event_id = ?",
                UUID.fromString(score))).singleElement().isEqualTo(Map.of("platform", "W\uFFFDEB"));
        assertThat(Rows.query(database(), "SELECT trait_key FROM begini_trait WHERE event_id = ?",
                UUID.fromString(score))).singleElement().isEqualTo(Map.of("trait_key", "k\uFFFD"));
    }

    @Test
    void should_read_a_time_beyond_epoch_seconds_as_absent() throws Exception {
        // far in the past: the intake quarantines times this far in the future (begini.max-future-skew)
        settled(deliver(webhook("APP-DB-far", "application.expired", "{\"application_expired_at\":-1e400}")));
        settled(deliver(webhook("APP-DB-far", "application.complete", "{\"application_completed_at\":1795002000}")));
        settled(deliver(webhook("APP-DB-wrap", "application.expired",
                "{\"application_expired_at\":-" + "9".repeat(30) + "}")));

        assertThat(Rows.application(database(), "APP-DB-far")).as("a later event still moves the journey on")
                .containsEntry("journey_status", "completed").containsEntry("journey_status_at", 1795002000L);
        assertThat(Rows.application(database(), "APP-DB-wrap")).containsEntry("journey_status", "expired")
                .containsEntry("journey_status_at", null);
    }

    static Map<String, Object> withoutBookkeeping(Map<String, Object> row) {
        Map<String, Object> business = new HashMap<>(row);
        business.remove("uid");
        business.remove("updated_at");
        return business;
    }
}
