package beginibridge.dispatch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;

import beginibridge.support.Deliveries;
import beginibridge.support.DispatchTestSupport;
import beginibridge.support.TestKeys;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.WireMock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin API on the management port: auth, listing, one event in full, and replays with real deliveries. */
abstract class AdminApiContract extends DispatchTestSupport {

    static final ObjectMapper JSON = new ObjectMapper();
    final String adminToken = TestKeys.random();

    @Override
    protected Map<String, String> moreSettings() {
        return Map.of("admin.token", adminToken);
    }

    @BeforeEach
    void crmAcceptsEverything() {
        crm.resetAll();
        crm.stubFor(WireMock.post(urlEqualTo("/crm/events")).atPriority(10).willReturn(aResponse().withStatus(200)));
    }

    @Test
    void should_refuse_requests_without_the_token() throws Exception {
        for (Map<String, String> headers : java.util.List.of(Map.<String, String>of(),
                Map.of("Authorization", "Bearer " + TestKeys.random()), Map.of("Authorization", adminToken))) {
            HttpResponse<String> answer = management("GET", "/admin/events", headers);

            assertThat(answer.statusCode()).isEqualTo(401);
            assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
            assertThat(answer.body()).isEqualTo("{\"detail\":\"Unauthorized\"}");
        }
    }

    @Test
    void should_list_events_by_filter_newest_first_page_by_page() throws Exception {
        String first = deliver(webhook("APP-ADM-list-1", "application.archived", "{}"));
        String second = deliver(webhook("APP-ADM-list-2", "application.archived", "{}"));
        eventually().until(() -> "unrouted".equals(Deliveries.eventStatus(database(), second)));

        JsonNode page1 = get("/admin/events?type=application.archived&status=unrouted&limit=1");
        JsonNode page2 = get("/admin/events?type=application.archived&status=unrouted&limit=1&before=" + second);

        assertThat(page1.get("events")).hasSize(1);
        assertThat(page1.get("events").get(0).get("id").asText()).isEqualTo(second);
        assertThat(page1.get("events").get(0).get("uid").asText()).isEqualTo("APP-ADM-list-2");
        assertThat(page2.get("events").get(0).get("id").asText()).isEqualTo(first);
    }

    @Test
    void should_explain_bad_filters_and_unknown_events() throws Exception {
        assertThat(call("GET", "/admin/events?status=bogus").body())
                .isEqualTo("{\"detail\":\"status must be one of [quarantined, received, routed, unrouted]\"}");
        assertThat(call("GET", "/admin/events?limit=0").statusCode()).isEqualTo(400);
        assertThat(call("GET", "/admin/events?from=yesterday").body()).contains("from must be an ISO-8601 instant");
        assertThat(call("GET", "/admin/events/not-an-id").statusCode()).isEqualTo(400);
        HttpResponse<String> unknown = call("GET", "/admin/events/" + java.util.UUID.randomUUID());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\"detail\":\"No such event\"}");
    }

    @Test
    void should_show_an_event_with_its_deliveries_and_attempts_and_the_payload_only_on_request() throws Exception {
        addApplicant("APP-ADM-show", "CUST-ADM", "Admin Show", "CRM-ADM", null);
        byte[] body = webhook("APP-ADM-show", "application.complete", "{\"application_completed_at\":1795000900}");
        String eventId = deliver(body);
        settled(eventId);

        JsonNode event = get("/admin/events/" + eventId);
        JsonNode withPayload = get("/admin/events/" + eventId + "?payload=true");

        assertThat(event.get("status").asText()).isEqualTo("routed");
        assertThat(event.has("payload")).isFalse();
        assertThat(withPayload.get("payload").asText()).isEqualTo(new String(body,
                java.nio.charset.StandardCharsets.UTF_8));
        assertThat(event.get("deliveries")).hasSize(2);
        JsonNode crmDelivery = event.get("deliveries").get(0);
        assertThat(crmDelivery.get("destination").asText()).isEqualTo("crm");
        assertThat(crmDelivery.get("attempt_log").get(0).get("outcome").asText()).isEqualTo("done");
    }

    @Test
    void should_replay_an_unmatched_delivery_once_the_record_exists() throws Exception {
        String eventId = deliver(webhook("APP-ADM-late", "application.complete", "{}"));
        eventually().until(() -> "unmatched".equals(Deliveries.status(database(), eventId, "crm")));
        addApplicant("APP-ADM-late", "CUST-LATE", "Late Record", "CRM-LATE", null);

        JsonNode replay = JSON.readTree(call("POST", "/admin/events/" + eventId + "/replay").body());

        assertThat(replay.get("replayed")).hasSize(1);
        eventually().until(() -> "done".equals(Deliveries.status(database(), eventId, "crm")));
        crm.verify(1, WireMock.postRequestedFor(urlEqualTo("/crm/events"))
                .withRequestBody(matchingJsonPath("$.crm_id", equalTo("CRM-LATE"))));
    }

    @Test
    void should_dry_run_then_replay_dead_deliveries_by_filter_with_a_fresh_budget() throws Exception {
        addApplicant("APP-ADM-dead", "CUST-DEAD", "Admin Dead", "CRM-DEAD", null);
        crm.stubFor(WireMock.post(urlEqualTo("/crm/events")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.crm_id", equalTo("CRM-DEAD")))
                .willReturn(aResponse().withStatus(500)));
        String eventId = deliver(webhook("APP-ADM-dead", "application.complete", "{}"));
        eventually().until(() -> "dead".equals(Deliveries.status(database(), eventId, "crm")));
        assertThat(Deliveries.one(database(), eventId, "crm").attempts()).as("all 5 attempts used").isEqualTo(5);
        String filter = "/admin/replay?destination=crm&delivery_status=dead&type=application.complete";

        JsonNode dryRun = JSON.readTree(call("POST", filter + "&dry_run=true").body());
        assertThat(dryRun.get("would_replay")).anySatisfy(d -> assertThat(d.get("event_id").asText()).isEqualTo(eventId));
        assertThat(Deliveries.status(database(), eventId, "crm")).isEqualTo("dead");

        JsonNode replayed = JSON.readTree(call("POST", filter).body());
        assertThat(replayed.get("count").asInt()).isGreaterThanOrEqualTo(1);
        eventually().until(() -> Deliveries.one(database(), eventId, "crm").attempts() >= 6);
        assertThat(Deliveries.status(database(), eventId, "crm")).as("a replay brings a fresh budget")
                .isEqualTo("pending");
        crm.resetAll();
        crm.stubFor(WireMock.post(urlEqualTo("/crm/events")).willReturn(aResponse().withStatus(200)));

        eventually().until(() -> "done".equals(Deliveries.status(database(), eventId, "crm")));
    }

    @Test
    void should_replay_through_the_cli() throws Exception {
        String eventId = deliver(webhook("APP-ADM-cli", "application.complete", "{}"));
        eventually().until(() -> "unmatched".equals(Deliveries.status(database(), eventId, "crm")));
        java.nio.file.Path token = java.nio.file.Files.createTempFile("admin", ".token");
        java.nio.file.Files.writeString(token, adminToken);
        String url = "http://127.0.0.1:" + managementPort;

        String dryRun = cli("replay", "--url", url, "--token-file", token.toString(), "--destination", "crm",
                "--delivery-status", "unmatched", "--dry-run");
        addApplicant("APP-ADM-cli", "CUST-CLI", "Cli Replay", "CRM-CLI", null);
        String replayed = cli("replay", "--url", url, "--token-file", token.toString(), "--event", eventId);

        assertThat(dryRun).startsWith("200 {\"dry_run\":true").contains(eventId);
        assertThat(replayed).startsWith("200 {\"event_id\":\"" + eventId + "\"");
        eventually().until(() -> "done".equals(Deliveries.status(database(), eventId, "crm")));
    }

    private static String cli(String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        int exitCode = beginibridge.cli.BridgeCli.run(args, new java.io.PrintWriter(out, true),
                new java.io.PrintWriter(out, true));
        assertThat(exitCode).as(out.toString()).isZero();
        return out.toString();
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> answer = call("GET", path);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
        return JSON.readTree(answer.body());
    }

    private HttpResponse<String> call(String method, String path) throws Exception {
        return management(method, path, Map.of("Authorization", "Bearer " + adminToken));
    }
}
