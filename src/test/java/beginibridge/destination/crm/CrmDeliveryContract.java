package beginibridge.destination.crm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import beginibridge.support.Deliveries;
import beginibridge.support.DispatchTestSupport;
import beginibridge.support.Signatures;
import beginibridge.support.TestKeys;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CRM destination over real HTTP, WireMock playing the CRM. Deliveries of earlier tests may still be retried in
 * the background, so each test scopes its stubs to its own crm_id and reads the journal by its own event id.
 */
abstract class CrmDeliveryContract extends DispatchTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COMPLETE_DETAILS =
            "{\"application_started_at\":1795000000,\"application_completed_at\":1795001487}";

    private final String adminToken = TestKeys.random();

    /** The admin API on, to check what it shows of a failed delivery. */
    @Override
    protected Map<String, String> moreSettings() {
        return Map.of("admin.token", adminToken);
    }

    /** A fresh WireMock's first answer can outlast the bridge's 1.5 s response timeout on a busy machine. */
    @BeforeAll
    void warmUpTheCrm() throws Exception {
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(crm.baseUrl() + "/warm-up"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.discarding());
    }

    @BeforeEach
    void crmAcceptsWhatNoTestExpects() {
        crm.resetAll();
        crm.stubFor(any(anyUrl()).atPriority(10).willReturn(ok("{}")));
    }

    /** A score event of each type, its CRM record, and the text fields the CRM must receive besides event_id. */
    record ScoreCase(String name, String sample, String uid, String internalId, String applicant, String crmId,
            Map<String, String> fields) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<ScoreCase> scores() {
        return List.of(
                new ScoreCase("psychometric score", "psychometric-score-complete.json", "APP-CRM-psychometric",
                        "CUST-101", "Pia Psychometric", "CRM-101", Map.of("crm_id", "CRM-101", "internal_id",
                                "CUST-101", "event_type", "psychometric_score.complete", "status", "assessment scored",
                                "platform", "WEB", "scored_at", "1795001529", "score", "412", "risk_band", "B",
                                "score_confidence", "High")),
                new ScoreCase("android score", "android-score-complete.json", "APP-CRM-android", "CUST-102",
                        "Andy Android", "CRM-102", Map.of("crm_id", "CRM-102", "internal_id", "CUST-102",
                                "event_type", "android_score.complete", "status", "assessment scored",
                                "platform", "ANDROID", "scored_at", "1795001534", "score", "538", "risk_band", "")),
                new ScoreCase("ios score", "ios-score-complete.json", "APP-CRM-ios", "CUST-103", "Iris Ios",
                        "CRM-103", Map.of("crm_id", "CRM-103", "internal_id", "CUST-103", "event_type",
                                "ios_score.complete", "status", "assessment scored", "platform", "IOS",
                                "scored_at", "1795001536", "score", "487")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scores")
    void should_post_a_score_with_its_score_fields_and_calculated_as_sent(ScoreCase score) throws Exception {
        addApplicant(score.uid(), score.internalId(), score.applicant(), score.crmId(), null);
        byte[] webhook = sampleFor(score.uid(), score.sample());

        String eventId = deliver(webhook);

        JsonNode sent = body(onlyCrmRequest(eventId));
        assertThat(texts(sent)).containsAllEntriesOf(score.fields()).containsEntry("event_id", eventId);
        assertThat(sent.get("calculated")).isEqualTo(JSON.readTree(webhook).at("/event/details/calculated"));
        assertThat(sent.has("reasons")).isFalse();
    }

    /** A journey status event of each type, its CRM record, the text fields besides event_id, and its reasons. */
    record StatusCase(String name, String sample, String uid, String internalId, String applicant, String crmId,
            Map<String, String> fields, String reasons) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<StatusCase> statuses() {
        return List.of(
                new StatusCase("complete", "application-complete.json", "APP-CRM-complete", "CUST-104",
                        "Carl Complete", "CRM-104", Map.of("crm_id", "CRM-104", "internal_id", "CUST-104",
                                "source", "begini", "event_type", "application.complete",
                                "status", "assessment completed", "percentage_completed", ""), "null"),
                new StatusCase("expired, with the percentage completed", "application-expired.json",
                        "APP-CRM-expired", "CUST-105", "Eve Expired", "CRM-105", Map.of("crm_id", "CRM-105",
                                "internal_id", "CUST-105", "event_type", "application.expired",
                                "status", "assessment expired", "percentage_completed", "0.333333333333333",
                                "percentage_completed_text", "33 %"), "null"),
                new StatusCase("incomplete, with its reasons", "application-incomplete.json", "APP-CRM-incomplete",
                        "CUST-106", "Ian Incomplete", "CRM-106", Map.of("crm_id", "CRM-106", "internal_id",
                                "CUST-106", "event_type", "application.incomplete", "status", "assessment incomplete",
                                "percentage_completed", "0.866666666666667", "percentage_completed_text", "87 %"),
                        "[\"Missing data\"]"),
                new StatusCase("cancelled, with its reasons", "application-cancelled.json", "APP-CRM-cancelled",
                        "CUST-107", "Cat Cancelled", "CRM-107", Map.of("crm_id", "CRM-107", "internal_id",
                                "CUST-107", "event_type", "application.cancelled", "status", "assessment cancelled"),
                        "[\"Denied the terms and conditions\"]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statuses")
    void should_post_the_status_text_of_a_journey_event_with_its_reasons(StatusCase status) throws Exception {
        addApplicant(status.uid(), status.internalId(), status.applicant(), status.crmId(), null);

        String eventId = deliver(sampleFor(status.uid(), status.sample()));

        JsonNode sent = body(onlyCrmRequest(eventId));
        assertThat(texts(sent)).containsAllEntriesOf(status.fields()).containsEntry("event_id", eventId);
        assertThat(sent.get("reasons")).isEqualTo(JSON.readTree(status.reasons()));
        assertThat(sent.has("score")).isFalse();
    }

    @Test
    void should_not_pass_the_webhook_headers_on_to_the_crm() throws Exception {
        addApplicant("APP-CRM-headers", "CUST-108", "Hal Headers", "CRM-108", null);
        byte[] webhook = webhook("APP-CRM-headers", "application.complete", COMPLETE_DETAILS);
        String signature = Signatures.sign(webhook, apiKey);

        HttpResponse<String> accepted = postWebhook(webhook, Map.of("Content-Type", "application/json",
                "X-Signature", signature, "X-Begini-Trace", "trace-from-begini"));

        LoggedRequest request = onlyCrmRequest(JSON.readTree(accepted.body()).get("event_id").asText());
        assertThat(request.getAllHeaderKeys()).doesNotContain("X-Signature", "X-Begini-Trace");
        assertThat(request.getHeaders().all()).noneMatch(header -> header.values().contains(signature)
                || header.values().contains("trace-from-begini"));
    }

    @Test
    void should_retry_a_500_with_the_same_idempotency_key_until_done() throws Exception {
        addApplicant("APP-CRM-500", "CUST-500", "Flaky Five", "CRM-500", null);
        crm.stubFor(crmCallFor("CRM-500").inScenario("500 then 200").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(500).withBody("try again")).willSetStateTo("recovered"));
        crm.stubFor(crmCallFor("CRM-500").inScenario("500 then 200").whenScenarioStateIs("recovered")
                .willReturn(ok("{}")));

        String eventId = deliver(webhook("APP-CRM-500", "application.complete", COMPLETE_DETAILS));

        Deliveries.Row delivery = settledCrmDelivery(eventId);
        assertThat(delivery.status()).isEqualTo("done");
        assertThat(delivery.attempts()).isEqualTo(2);
        assertThat(crmRequests(eventId)).hasSize(2).extracting(request -> request.getHeader("Idempotency-Key"))
                .containsOnly(delivery.id().toString());
        assertThat(Deliveries.attempts(database(), delivery.id()))
                .extracting(Deliveries.Attempt::attempt, Deliveries.Attempt::outcome, Deliveries.Attempt::error)
                .containsExactly(tuple(1, "retry", "HTTP 500: the destination failed"), tuple(2, "done", null));
    }

    @Test
    void should_not_call_the_crm_again_before_its_retry_after() throws Exception {
        addApplicant("APP-CRM-429", "CUST-429", "Tom Throttled", "CRM-429", null);
        crm.stubFor(crmCallFor("CRM-429").inScenario("429 then 200").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2"))
                .willSetStateTo("cooled down"));
        crm.stubFor(crmCallFor("CRM-429").inScenario("429 then 200").whenScenarioStateIs("cooled down")
                .willReturn(ok("{}")));

        String eventId = deliver(webhook("APP-CRM-429", "application.complete", COMPLETE_DETAILS));

        Deliveries.Row delivery = settledCrmDelivery(eventId);
        assertThat(delivery.status()).isEqualTo("done");
        List<LoggedRequest> requests = crmRequests(eventId);
        assertThat(requests).hasSize(2).extracting(request -> request.getHeader("Idempotency-Key"))
                .containsOnly(delivery.id().toString());
        assertThat(Duration.between(requests.get(0).getLoggedDate().toInstant(),
                requests.get(1).getLoggedDate().toInstant())).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void should_record_a_429_and_release_the_worker_until_a_long_retry_after() throws Exception {
        addApplicant("APP-CRM-429-long", "CUST-429L", "Lou Later", "CRM-429L", null);
        crm.stubFor(crmCallFor("CRM-429L").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3600")));

        String eventId = deliver(webhook("APP-CRM-429-long", "application.complete", COMPLETE_DETAILS));

        Deliveries.Row delivery = eventually().until(() -> Deliveries.one(database(), eventId, "crm"),
                row -> row != null && row.lastError() != null);
        assertThat(delivery.status()).isEqualTo("pending");
        assertThat(Deliveries.attempts(database(), delivery.id()))
                .extracting(Deliveries.Attempt::outcome, Deliveries.Attempt::error)
                .containsExactly(tuple("retry", "HTTP 429: the destination asked to try again later"));
        assertThat(crmRequests(eventId)).hasSize(1);
    }

    @Test
    void should_give_up_at_once_on_a_400_and_keep_its_status_never_the_crm_answer() throws Exception {
        addApplicant("APP-CRM-echo", "CUST-400", "Bad Request", "CRM-400", null);
        crm.stubFor(crmCallFor("CRM-400").willReturn(aResponse().withStatus(400).withBody("{\"error\":\"unknown"
                + " customer\",\"you_sent\":{\"crm_id\":\"CRM-400\",\"internal_id\":\"CUST-400\","
                + "\"status\":\"assessment completed\"}}")));

        String eventId = deliver(webhook("APP-CRM-echo", "application.complete", COMPLETE_DETAILS));

        Deliveries.Row delivery = settledCrmDelivery(eventId);
        assertThat(delivery.status()).isEqualTo("dead");
        assertThat(delivery.attempts()).isEqualTo(1);
        assertThat(delivery.lastError()).isEqualTo("HTTP 400: the destination refused the request");
        assertThat(Deliveries.attempts(database(), delivery.id())).extracting(Deliveries.Attempt::error)
                .containsExactly(delivery.lastError());
        HttpResponse<String> adminView = management("GET", "/admin/events/" + eventId,
                Map.of("Authorization", "Bearer " + adminToken));
        assertThat(adminView.statusCode()).isEqualTo(200);
        assertThat(adminView.body()).contains(delivery.lastError())
                .doesNotContain("CRM-400", "CUST-400", "unknown customer", "assessment completed");
        assertThat(crmRequests(eventId)).hasSize(1);
    }

    @Test
    void should_retry_a_response_slower_than_the_timeout() throws Exception {
        addApplicant("APP-CRM-slow", "CUST-SLOW", "Sam Slow", "CRM-SLOW", null);
        crm.stubFor(crmCallFor("CRM-SLOW").inScenario("slow then fast").whenScenarioStateIs(STARTED)
                .willReturn(ok("{}").withFixedDelay(3000)).willSetStateTo("fast"));
        crm.stubFor(crmCallFor("CRM-SLOW").inScenario("slow then fast").whenScenarioStateIs("fast")
                .willReturn(ok("{}")));

        String eventId = deliver(webhook("APP-CRM-slow", "application.complete", COMPLETE_DETAILS));

        Deliveries.Row delivery = settledCrmDelivery(eventId);
        assertThat(delivery.status()).isEqualTo("done");
        assertThat(crmRequests(eventId)).hasSizeGreaterThanOrEqualTo(2)
                .extracting(request -> request.getHeader("Idempotency-Key")).containsOnly(delivery.id().toString());
        assertThat(Deliveries.attempts(database(), delivery.id())).first()
                .satisfies(first -> assertThat(first.outcome()).isEqualTo("retry"))
                .satisfies(first -> assertThat(first.error()).containsIgnoringCase("timeout"));
    }

    @Test
    void should_mark_the_crm_delivery_unmatched_without_calling_the_crm_when_no_record_matches() throws Exception {
        String eventId = deliver(webhook("APP-CRM-nobody", "application.complete", COMPLETE_DETAILS));

        assertThat(settled(eventId)).extracting(Deliveries.Row::destination, Deliveries.Row::status)
                .containsExactly(tuple("crm", "unmatched"), tuple("database", "done"));
        assertThat(crmRequests(eventId)).isEmpty();
    }

    @Test
    void should_store_an_unknown_event_type_as_unrouted_without_deliveries() throws Exception {
        addApplicant("APP-CRM-archived", "CUST-ARC", "Archie Archived", "CRM-ARC", null);

        String eventId = deliver(webhook("APP-CRM-archived", "application.archived", COMPLETE_DETAILS));

        eventually().until(() -> Deliveries.eventStatus(database(), eventId), "unrouted"::equals);
        assertThat(Deliveries.ofEvent(database(), eventId)).isEmpty();
        assertThat(crmRequests(eventId)).isEmpty();
    }

    @Test
    void should_complete_database_deliveries_while_the_crm_hangs() throws Exception {
        crm.stubFor(crmCallFor("CRM-HANG").willReturn(ok("{}").withFixedDelay(3000)));
        List<String> eventIds = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            addApplicant("APP-CRM-hang-" + i, "CUST-HANG-" + i, "Hanging " + i, "CRM-HANG", null);
            eventIds.add(deliver(webhook("APP-CRM-hang-" + i, "application.complete", COMPLETE_DETAILS)));
        }

        // held back by the hanging CRM, the database deliveries would wait for its calls to give up, round after
        // round: 12 calls over delivery.workers, each crm.response-timeout-ms
        Duration crmRounds = Duration.ofMillis(eventIds.size() / setting("delivery.workers")
                * setting("crm.response-timeout-ms"));
        eventually().atMost(crmRounds).until(() -> statuses(eventIds, "database"),
                statuses -> statuses.stream().allMatch("done"::equals));
        assertThat(statuses(eventIds, "crm")).containsOnly("pending");

        crm.stubFor(crmCallFor("CRM-HANG").atPriority(1).willReturn(ok("{}")));
        eventually().until(() -> statuses(eventIds, "crm"), statuses -> statuses.stream().allMatch("done"::equals));
    }

    @Test
    void should_send_lists_and_objects_in_the_score_fields_as_json_text_without_amplifying_them() throws Exception {
        addApplicant("APP-CRM-score-lists", "CUST-SL", "Lena Lists", "CRM-SL", null);
        String list = jsonListOfNumbers(2000);
        String object = "{\"nested\":" + list + "}";
        String calculated =
                "{\"score\":" + list + ",\"risk_band\":" + object + ",\"score_confidence\":" + list + "}";
        byte[] webhook = webhook("APP-CRM-score-lists", "psychometric_score.complete",
                "{\"platform\":" + list + ",\"scored_at\":" + object + ",\"calculated\":" + calculated + "}");

        LoggedRequest request = onlyCrmRequest(deliver(webhook));

        assertThat(request.getBody().length).isLessThan(4 * webhook.length);
        JsonNode sent = body(request);
        assertThat(texts(sent)).containsAllEntriesOf(Map.of("platform", list, "scored_at", object, "score", list,
                "risk_band", object, "score_confidence", list));
        assertThat(sent.get("calculated")).isEqualTo(JSON.readTree(calculated));
    }

    @Test
    void should_send_a_list_as_percentage_completed_as_json_text_and_the_reasons_as_sent() throws Exception {
        addApplicant("APP-CRM-status-lists", "CUST-STL", "Stan Lists", "CRM-STL", null);
        String list = jsonListOfNumbers(2000);
        String reasons = "[" + list + ",{\"why\":" + list + "},\"plain\"]";
        byte[] webhook = event("APP-CRM-status-lists", "application.incomplete",
                "{\"percentage_completed\":" + list + "}", reasons);

        LoggedRequest request = onlyCrmRequest(deliver(webhook));

        assertThat(request.getBody().length).isLessThan(4 * webhook.length);
        JsonNode sent = body(request);
        assertThat(sent.get("percentage_completed").asText()).isEqualTo(list);
        assertThat(sent.get("reasons")).isEqualTo(JSON.readTree(reasons));
    }

    @Test
    void should_give_up_at_once_on_a_payload_larger_than_the_rendered_cap_without_quoting_it() throws Exception {
        addApplicant("APP-CRM-long-score", "CUST-LS", "Long Score", "CRM-LS", null);
        addApplicant("APP-CRM-long-status", "CUST-LST", "Long Status", "CRM-LST", null);
        String longText = "L".repeat(100_000);
        String score = deliver(webhook("APP-CRM-long-score", "psychometric_score.complete",
                "{\"platform\":\"" + longText + "\",\"scored_at\":\"" + longText + "\",\"calculated\":{\"score\":\""
                        + longText + "\",\"risk_band\":\"" + longText + "\",\"score_confidence\":\"" + longText
                        + "\"}}"));
        String status = deliver(event("APP-CRM-long-status", "application.expired",
                "{\"percentage_completed\":\"" + longText + "\"}", "[\"" + longText + "\",\"" + longText + "\"]"));

        for (String eventId : List.of(score, status)) {
            Deliveries.Row delivery = settledCrmDelivery(eventId);
            assertThat(delivery.status()).isEqualTo("dead");
            assertThat(delivery.attempts()).isEqualTo(1);
            assertThat(delivery.lastError()).contains("rendered more than 262144 bytes").doesNotContain("LLLL");
            assertThat(crmRequests(eventId)).isEmpty();
        }
    }

    private static MappingBuilder crmCallFor(String crmId) {
        return post(urlEqualTo("/crm/events")).withRequestBody(matchingJsonPath("$.crm_id", equalTo(crmId)));
    }

    /** Every request the CRM received for the event, oldest first. */
    private List<LoggedRequest> crmRequests(String eventId) {
        return crm.findAll(anyRequestedFor(anyUrl()).withRequestBody(matchingJsonPath("$.event_id", equalTo(eventId))))
                .stream().sorted(Comparator.comparing(LoggedRequest::getLoggedDate)).toList();
    }

    /** The event's CRM delivery once it has left pending, whatever its other destinations are doing. */
    private Deliveries.Row settledCrmDelivery(String eventId) {
        return eventually().until(() -> Deliveries.one(database(), eventId, "crm"),
                row -> row != null && !row.status().equals("pending"));
    }

    /** The one CRM request of a delivered event, after checking how it was sent. */
    private LoggedRequest onlyCrmRequest(String eventId) {
        Deliveries.Row delivery = settledCrmDelivery(eventId);
        assertThat(delivery.status()).isEqualTo("done");
        List<LoggedRequest> requests = crmRequests(eventId);
        assertThat(requests).hasSize(1);
        LoggedRequest request = requests.get(0);
        assertThat(request.getMethod()).isEqualTo(RequestMethod.POST);
        assertThat(request.getUrl()).isEqualTo("/crm/events");
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + crmToken);
        assertThat(request.getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(request.getHeader("Idempotency-Key")).isEqualTo(delivery.id().toString());
        assertThat(request.containsHeader("X-Signature")).isFalse();
        return request;
    }

    /** A whole-number setting as the running application resolved it. */
    private int setting(String name) {
        return Integer.parseInt(context.resolvePropertyPlaceholders("{{" + name + "}}"));
    }

    private List<String> statuses(List<String> eventIds, String destination) throws Exception {
        List<String> statuses = new ArrayList<>();
        for (String eventId : eventIds) {
            Deliveries.Row row = Deliveries.one(database(), eventId, destination);
            statuses.add(row == null ? "none" : row.status());
        }
        return statuses;
    }

    private static JsonNode body(LoggedRequest request) throws IOException {
        return JSON.readTree(request.getBodyAsString());
    }

    private static Map<String, String> texts(JsonNode object) {
        Map<String, String> texts = new HashMap<>();
        object.fields().forEachRemaining(field -> {
            if (field.getValue().isTextual()) {
                texts.put(field.getKey(), field.getValue().asText());
            }
        });
        return texts;
    }

    /** A sample webhook of src/test/resources/events, for another uid. */
    private static byte[] sampleFor(String uid, String name) throws IOException {
        return new String(sample(name), StandardCharsets.UTF_8)
                .replaceFirst("\"uid\": \"[^\"]*\"", "\"uid\": \"" + uid + "\"").getBytes(StandardCharsets.UTF_8);
    }
}
