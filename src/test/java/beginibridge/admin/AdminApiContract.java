package beginibridge.admin;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import beginibridge.support.Deliveries;
import beginibridge.support.DispatchTestSupport;
import beginibridge.support.RawHttp;
import beginibridge.support.TestKeys;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.WireMock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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

    /** Non-static: the token is this class's. */
    Stream<Arguments> headersWithoutTheToken() {
        return Stream.of(
                arguments(named("no Authorization header", Map.<String, String>of())),
                arguments(named("another bearer token", Map.of("Authorization", "Bearer " + TestKeys.random()))),
                arguments(named("the token without Bearer", Map.of("Authorization", adminToken))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("headersWithoutTheToken")
    void should_refuse_requests_without_the_token(Map<String, String> headers) throws Exception {
        HttpResponse<String> answer = management("GET", "/admin/events", headers);

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(answer.body()).isEqualTo("{\"detail\":\"Unauthorized\"}");
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
    void should_answer_400_to_a_malformed_query_string_and_audit_it() throws Exception {
        int before = auditLines().size();
        for (String target : List.of("GET /admin/events?type=%zz", "GET /admin/events/" + UUID.randomUUID()
                + "?payload=%zz", "POST /admin/replay?destination=%zz")) {
            String answer = RawHttp.send(managementPort, target + " HTTP/1.1", "Host: 127.0.0.1",
                    "Authorization: Bearer " + adminToken);

            assertThat(answer).as(target).startsWith("HTTP/1.1 400 ")
                    .endsWith("\r\n\r\n{\"detail\":\"the query string is not valid URL encoding\"}");
        }
        List<String> lines = eventually().until(() -> auditLines().subList(before, auditLines().size()),
                added -> added.size() >= 3);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).as("Vert.x refuses it while matching the route").endsWith("Admin GET /admin/* 400"
                + " role=none token#=" + fingerprint(adminToken) + " event=- payload=false replayed=-");
    }

    @Test
    void should_refuse_unknown_repeated_and_unclear_parameters_naming_them_and_replay_nothing() throws Exception {
        String eventId = deliver(webhook("APP-ADM-misspelt", "application.complete", "{}"));
        eventually().until(() -> "unmatched".equals(Deliveries.status(database(), eventId, "crm")));

        HttpResponse<String> misspelt = call("POST", "/admin/replay?destinaton=email&delivery_status=unmatched");

        assertThat(misspelt.statusCode()).isEqualTo(400);
        assertThat(misspelt.body()).isEqualTo("{\"detail\":\"unknown parameter destinaton; accepted:"
                + " [delivery_status, destination, dry_run, from, limit, status, to, type, uid]\"}");
        assertThat(Deliveries.status(database(), eventId, "crm")).as("nothing replayed").isEqualTo("unmatched");
        assertThat(call("GET", "/admin/events?limt=5").body()).contains("unknown parameter limt");
        assertThat(call("POST", "/admin/replay?delivery_status=unmatched&before=" + eventId).body())
                .as("paging is for lists only").contains("unknown parameter before");
        assertThat(call("GET", "/admin/events/" + eventId + "?payload=true&raw=1").body())
                .contains("unknown parameter raw");
        assertThat(call("POST", "/admin/events/" + eventId + "/replay?destination=crm").body())
                .contains("unknown parameter destination");
        assertThat(call("POST", "/admin/replay?destination=crm&destination=email&delivery_status=unmatched").body())
                .isEqualTo("{\"detail\":\"destination is given more than once\"}");
        assertThat(call("POST", "/admin/replay?delivery_status=unmatched&dry_run=yes").body())
                .isEqualTo("{\"detail\":\"dry_run must be true or false\"}");
        assertThat(call("GET", "/admin/events/" + eventId + "?payload=1").body())
                .isEqualTo("{\"detail\":\"payload must be true or false\"}");
        assertThat(Deliveries.status(database(), eventId, "crm")).as("still nothing replayed").isEqualTo("unmatched");
    }

    @Test
    void should_leave_one_audit_line_per_call_without_the_token_the_payload_or_the_uid() throws Exception {
        String uid = "APP-ADM-audit-" + TestKeys.random();
        String marker = "audit-marker-" + TestKeys.random();
        String eventId = deliver(webhook(uid, "application.complete", "{\"note\":\"" + marker + "\"}"));
        eventually().until(() -> "unmatched".equals(Deliveries.status(database(), eventId, "crm")));
        int before = auditLines().size();

        assertThat(call("GET", "/admin/events/" + eventId + "?payload=true").body()).contains(marker);
        assertThat(call("GET", "/admin/events/" + eventId).statusCode()).isEqualTo(200);
        assertThat(call("POST", "/admin/events/" + eventId + "/replay").statusCode()).isEqualTo(200);
        assertThat(call("GET", "/admin/events?type=" + uid).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/admin/events/" + uid).statusCode()).isEqualTo(400);
        assertThat(call("GET", "/admin/no-such-thing/" + uid).statusCode()).isEqualTo(404);
        assertThat(management("GET", "/admin/events/" + eventId + "?payload=true",
                Map.of("Authorization", "Bearer " + uid)).statusCode()).isEqualTo(401);

        List<String> lines = eventually().until(() -> auditLines().subList(before, auditLines().size()),
                added -> added.size() >= 7);
        String token = fingerprint(adminToken);
        assertThat(lines).hasSize(7);
        assertThat(lines.get(0)).endsWith("Admin GET /admin/events/:id 200 role=admin token#=" + token + " event="
                + eventId + " payload=true replayed=-");
        assertThat(lines.get(1)).endsWith("Admin GET /admin/events/:id 200 role=admin token#=" + token + " event="
                + eventId + " payload=false replayed=-");
        assertThat(lines.get(2)).endsWith("Admin POST /admin/events/:id/replay 200 role=admin token#=" + token
                + " event=" + eventId + " payload=false replayed=1");
        assertThat(lines.get(3)).endsWith("Admin GET /admin/events 200 role=admin token#=" + token
                + " event=- payload=false replayed=-");
        assertThat(lines.get(4)).endsWith("Admin GET /admin/events/:id 400 role=admin token#=" + token
                + " event=- payload=false replayed=-");
        assertThat(lines.get(5)).endsWith("Admin GET /admin/* 404 role=admin token#=" + token
                + " event=- payload=false replayed=-");
        assertThat(lines.get(6)).endsWith("Admin GET /admin/events/:id 401 role=none token#=" + fingerprint(uid)
                + " event=- payload=false replayed=-");
        assertThat(String.join("\n", lines)).doesNotContain(adminToken, marker, uid);
    }

    @Test
    void should_audit_how_many_deliveries_a_bulk_replay_touched() throws Exception {
        String eventId = deliver(webhook("APP-ADM-bulk-audit", "application.complete", "{}"));
        eventually().until(() -> "unmatched".equals(Deliveries.status(database(), eventId, "crm")));
        String filter = "/admin/replay?destination=crm&delivery_status=unmatched&type=application.complete";
        int before = auditLines().size();

        int wouldReplay = JSON.readTree(call("POST", filter + "&dry_run=true").body()).get("count").asInt();
        int replayed = JSON.readTree(call("POST", filter).body()).get("count").asInt();

        List<String> lines = eventually().until(() -> auditLines().subList(before, auditLines().size()),
                added -> added.size() >= 2);
        assertThat(wouldReplay).isPositive();
        assertThat(lines.get(0)).endsWith("Admin POST /admin/replay 200 role=admin token#="
                + fingerprint(adminToken) + " event=- payload=false replayed=0 dry_run=true");
        assertThat(lines.get(1)).endsWith("Admin POST /admin/replay 200 role=admin token#="
                + fingerprint(adminToken) + " event=- payload=false replayed=" + replayed);
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
        assertThat(withPayload.get("payload")).as("the JSON itself, not a string").isEqualTo(JSON.readTree(body));
        assertThat(event.get("deliveries")).hasSize(2);
        JsonNode crmDelivery = event.get("deliveries").get(0);
        assertThat(crmDelivery.get("destination").asText()).isEqualTo("crm");
        assertThat(crmDelivery.get("attempt_log").get(0).get("outcome").asText()).isEqualTo("done");
        assertThat(crmDelivery.get("attempt_log")).as("a first attempt that succeeded, from the delivery row")
                .singleElement().satisfies(attempt -> {
                    assertThat(attempt.get("attempt").asInt()).isEqualTo(1);
                    assertThat(attempt.get("started_at").asText()).isNotBlank();
                    assertThat(attempt.get("finished_at").asText()).isNotBlank();
                });
    }

    @Test
    void should_show_a_payload_that_is_not_json_as_text_and_one_that_is_not_utf8_as_base64() throws Exception {
        byte[] garbage = "not json <b>at all</b>".getBytes(StandardCharsets.UTF_8);
        byte[] binary = {(byte) 0xff, (byte) 0xfe, 'x', 0};
        UUID text = storeEvent(garbage, "APP-ADM-garbage", "unknown", "quarantined");
        UUID notText = storeEvent(binary, "APP-ADM-binary", "unknown", "quarantined");

        JsonNode shownText = get("/admin/events/" + text + "?payload=true");
        JsonNode shownBinary = get("/admin/events/" + notText + "?payload=true");

        assertThat(shownText.get("payload_text").asText()).isEqualTo("not json <b>at all</b>");
        assertThat(shownText.has("payload")).isFalse();
        assertThat(shownBinary.get("payload_base64").asText()).isEqualTo(java.util.Base64.getEncoder()
                .encodeToString(binary));
        assertThat(shownBinary.has("payload_text")).isFalse();
    }

    @Test
    void should_list_and_replay_by_exact_uid() throws Exception {
        String uid = "APP-ADM-uid-" + TestKeys.random();
        String mine = deliver(webhook(uid, "application.complete", "{}"));
        String prefixed = deliver(webhook(uid + "-other", "application.complete", "{}"));
        eventually().until(() -> "unmatched".equals(Deliveries.status(database(), mine, "crm"))
                && "unmatched".equals(Deliveries.status(database(), prefixed, "crm")));

        JsonNode listed = get("/admin/events?uid=" + uid);
        JsonNode dryRun = JSON.readTree(call("POST", "/admin/replay?dry_run=true&uid=" + uid).body());

        assertThat(listed.get("events")).singleElement()
                .satisfies(event -> assertThat(event.get("id").asText()).isEqualTo(mine));
        assertThat(dryRun.get("count").asInt()).isEqualTo(1);
        assertThat(dryRun.get("would_replay").get(0).get("event_id").asText()).isEqualTo(mine);
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
        addApplicantTheCrmFailsFor("APP-ADM-dead", "CRM-DEAD");
        String eventId = deliver(webhook("APP-ADM-dead", "application.complete", "{}"));
        eventually().until(() -> "dead".equals(Deliveries.status(database(), eventId, "crm")));
        assertThat(Deliveries.one(database(), eventId, "crm").attempts()).as("all 5 attempts used").isEqualTo(5);
        String filter = "/admin/replay?destination=crm&delivery_status=dead&type=application.complete";

        JsonNode dryRun = JSON.readTree(call("POST", filter + "&dry_run=true").body());
        assertThat(dryRun.get("would_replay")).anySatisfy(d -> assertThat(d.get("event_id").asText()).isEqualTo(eventId));
        assertThat(Deliveries.status(database(), eventId, "crm")).isEqualTo("dead");

        JsonNode replayed = JSON.readTree(call("POST", filter).body());
        assertThat(replayed.get("count").asInt()).isGreaterThanOrEqualTo(1);

        // the CRM still fails: the replayed delivery is tried as many times again as a new one, then dead again
        eventually().until(() -> "dead".equals(Deliveries.status(database(), eventId, "crm")));
        Deliveries.Row again = Deliveries.one(database(), eventId, "crm");
        assertThat(again.attempts()).as("a fresh budget: 5 attempts more").isEqualTo(10);
        assertThat(Deliveries.attempts(database(), again.id())).extracting(Deliveries.Attempt::outcome)
                .as("attempts 1 to 10").containsExactly("retry", "retry", "retry", "retry", "dead",
                        "retry", "retry", "retry", "retry", "dead");
        assertThat(again.lastError()).isEqualTo("gave up after 5 attempts: HTTP 500: the destination failed");
        crm.resetAll();
        crm.stubFor(WireMock.post(urlEqualTo("/crm/events")).willReturn(aResponse().withStatus(200)));

        call("POST", filter);
        eventually().until(() -> "done".equals(Deliveries.status(database(), eventId, "crm")));
        assertThat(Deliveries.one(database(), eventId, "crm").attempts()).isEqualTo(11);
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
        String byUid = cli("replay", "--url", url, "--token-file", token.toString(), "--uid", "APP-ADM-cli",
                "--dry-run");
        addApplicant("APP-ADM-cli", "CUST-CLI", "Cli Replay", "CRM-CLI", null);
        String replayed = cli("replay", "--url", url, "--token-file", token.toString(), "--event", eventId);

        assertThat(dryRun).startsWith("200 {\"dry_run\":true").contains(eventId);
        assertThat(byUid).startsWith("200 {\"dry_run\":true,\"count\":1,").contains(eventId);
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

    private List<String> auditLines() {
        return logs.lines().stream().filter(line -> line.contains(" beginibridge.audit - ")).toList();
    }

    /** What the audit line shows of a bearer token: 8 hex characters of its HMAC-SHA256 under admin.token. */
    private String fingerprint(String presented) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(adminToken.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(presented.getBytes(StandardCharsets.UTF_8))).substring(0, 8);
    }
}
