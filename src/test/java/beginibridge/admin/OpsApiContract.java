package beginibridge.admin;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import beginibridge.support.Deliveries;
import beginibridge.support.DispatchTestSupport;
import beginibridge.support.TestKeys;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.WireMock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the ops console reads from the admin API, the read-only token, and the console's own pages. */
abstract class OpsApiContract extends DispatchTestSupport {

    static final ObjectMapper JSON = new ObjectMapper();
    final String adminToken = TestKeys.random();
    final String readonlyToken = TestKeys.random();

    @Override
    protected Map<String, String> moreSettings() {
        return Map.of("admin.token", adminToken, "admin.readonly-token", readonlyToken,
                "console.stuck-after", "PT0S", "console.export-max-rows", "3");
    }

    @BeforeEach
    void crmAcceptsEverything() {
        crm.resetAll();
        crm.stubFor(WireMock.post(urlEqualTo("/crm/events")).atPriority(10).willReturn(aResponse().withStatus(200)));
    }

    @Test
    void should_count_what_came_in_and_how_each_destination_does() throws Exception {
        addApplicant("APP-OPS-stats", "CUST-OPS-S", "Ops Stats", "CRM-OPS-S", null);
        JsonNode before = get("/admin/stats");
        String eventId = deliver(webhook("APP-OPS-stats", "application.complete", "{}"));
        settled(eventId);
        assertThat(postSigned(webhook("APP-OPS-forged", "application.complete", "{}"), TestKeys.random())
                .statusCode()).isEqualTo(403);

        JsonNode stats = get("/admin/stats");

        assertThat(stats.get("received_last_hour").asLong()).isEqualTo(before.get("received_last_hour").asLong() + 1);
        assertThat(stats.get("received_last_24h").asLong()).isEqualTo(before.get("received_last_24h").asLong() + 1);
        assertThat(stats.get("signature_rejections").asLong())
                .isEqualTo(before.get("signature_rejections").asLong() + 1);
        assertThat(java.time.Instant.parse(stats.get("last_webhook_at").asText())).isNotNull();
        assertThat(stats.has("oldest_pending_delivery_at")).isTrue();
        assertThat(stats.get("quarantined").isNumber()).isTrue();
        assertThat(stats.get("unrouted").isNumber()).isTrue();
        JsonNode crmStats = destination(stats, "crm");
        assertThat(crmStats.get("on").asBoolean()).isTrue();
        assertThat(crmStats.get("done_24h").asLong()).isEqualTo(destination(before, "crm").get("done_24h").asLong()
                + 1);
        assertThat(crmStats.has("last_error")).isTrue();
        assertThat(crmStats.has("last_failure_at")).isTrue();
    }

    @Test
    void should_count_refused_webhooks_by_reason_in_buckets() throws Exception {
        JsonNode before = get("/admin/rejections");
        byte[] body = webhook("APP-OPS-refused", "application.complete", "{}");

        postSigned(body, TestKeys.random());
        postSigned(body, TestKeys.random());
        postSigned(("{\"uid\":\"x\",\"integration_id\":\"99999999999999999999\",\"event\":{\"type\":\"a\","
                + "\"details\":{}}}").getBytes(StandardCharsets.UTF_8), apiKey);
        postSigned("not json".getBytes(StandardCharsets.UTF_8), apiKey);
        JsonNode after = get("/admin/rejections");

        assertThat(after.get("bucket_minutes").asInt()).isEqualTo(10);
        assertThat(java.time.Instant.parse(after.get("since").asText())).isNotNull();
        assertThat(after.get("hint").asText()).contains("test");
        assertThat(delta(before, after, "bad_signature")).isEqualTo(2);
        assertThat(delta(before, after, "unknown_integration")).isEqualTo(1);
        assertThat(delta(before, after, "invalid_envelope")).isEqualTo(1);
        JsonNode buckets = after.get("buckets");
        assertThat(buckets.size()).isBetween(1, 144);
        long inBuckets = 0;
        for (JsonNode bucket : buckets) {
            inBuckets += bucket.get("counts").path("bad_signature").asLong();
        }
        assertThat(inBuckets).as("every refusal since the start is in a bucket")
                .isEqualTo(after.get("totals").get("bad_signature").asLong());
    }

    @Test
    void should_list_stuck_applications_and_count_them_for_prometheus() throws Exception {
        addApplicantTheCrmFailsFor("APP-OPS-dead", "CRM-OPS-D");
        String completed = deliver(webhook("APP-OPS-waiting", "application.complete", "{}"));
        String orphan = deliver(webhook("APP-OPS-orphan", "android_score.complete", "{\"calculated\":{\"score\":7}}"));
        String scoredComplete = deliver(webhook("APP-OPS-scored", "application.complete", "{}"));
        deliver(webhook("APP-OPS-scored", "psychometric_score.complete", "{\"calculated\":{\"score\":5}}"));
        String dead = deliver(webhook("APP-OPS-dead", "application.complete", "{}"));
        eventually().until(() -> "dead".equals(Deliveries.status(database(), dead, "crm")));

        JsonNode stuck = get("/admin/stuck");
        JsonNode capped = get("/admin/stuck?limit=1");

        assertThat(stuck.get("awaiting_score_after").asText()).isEqualTo("PT0S");
        assertThat(ids(stuck.get("awaiting_score"))).contains(completed, dead).doesNotContain(scoredComplete);
        assertThat(ids(stuck.get("score_without_application"))).contains(orphan);
        assertThat(stuck.get("dead_deliveries")).anySatisfy(row -> {
            assertThat(row.get("event_id").asText()).isEqualTo(dead);
            assertThat(row.get("uid").asText()).isEqualTo("APP-OPS-dead");
            assertThat(row.get("destination").asText()).isEqualTo("crm");
            assertThat(row.get("last_error").asText()).contains("HTTP 500");
        });
        assertThat(capped.get("awaiting_score")).hasSize(1);
        assertThat(call(adminToken, "GET", "/admin/stuck?limit=0").statusCode()).isEqualTo(400);
        String metrics = management("/observe/metrics").body();
        assertThat(gauge(metrics, "awaiting_score")).isGreaterThanOrEqualTo(2);
        assertThat(gauge(metrics, "score_without_application")).isGreaterThanOrEqualTo(1);
        assertThat(gauge(metrics, "dead_delivery")).isGreaterThanOrEqualTo(1);
        java.util.regex.Matcher alerted = java.util.regex.Pattern.compile("begini_[a-z_]+")
                .matcher(java.nio.file.Files.readString(java.nio.file.Path.of("deploy/alert-rules.yaml")));
        while (alerted.find()) {
            assertThat(metrics).as("deploy/alert-rules.yaml reads a metric the bridge exports")
                    .contains("\n" + alerted.group() + "{");
        }
        JsonNode stats = get("/admin/stats");
        assertThat(destination(stats, "crm").get("dead").asLong()).isPositive();
        assertThat(destination(stats, "crm").get("last_error").asText()).contains("HTTP 500");
        assertThat(java.time.Instant.parse(destination(stats, "crm").get("last_failure_at").asText())).isNotNull();
    }

    @Test
    void should_show_an_applicants_journey_oldest_first_with_its_state() throws Exception {
        String uid = "APP-OPS-journey-" + TestKeys.random().substring(0, 8);
        int auditBefore = auditLines().size();
        String started = deliver(webhook(uid, "application.complete",
                "{\"application_started_at\":1795000000,\"application_completed_at\":1795000900}"));
        settled(started);
        String cancelledUid = uid + "-cancelled";
        deliver(event(cancelledUid, "application.cancelled", "{\"application_cancelled_at\":1795000100}",
                "[\"Denied the terms and conditions\"]"));

        JsonNode awaiting = get("/admin/applicants/" + uid);
        String scored = deliver(webhook(uid, "psychometric_score.complete", "{\"scored_at\":1795001000,"
                + "\"calculated\":{\"score\":5}}"));
        JsonNode done = get("/admin/applicants/" + uid);
        JsonNode cancelled = get("/admin/applicants/" + cancelledUid);
        HttpResponse<String> unknown = call(adminToken, "GET", "/admin/applicants/APP-OPS-nobody");

        assertThat(awaiting.get("uid").asText()).isEqualTo(uid);
        assertThat(awaiting.get("state").asText()).isEqualTo("awaiting_score");
        JsonNode first = awaiting.get("events").get(0);
        assertThat(first.get("event_id").asText()).isEqualTo(started);
        assertThat(first.get("type").asText()).isEqualTo("application.complete");
        assertThat(first.get("times").get("application_started_at").asText()).isEqualTo("2026-11-18T11:06:40Z");
        assertThat(first.get("times").get("application_completed_at").asText()).isEqualTo("2026-11-18T11:21:40Z");
        assertThat(first.get("deliveries")).anySatisfy(d -> {
            assertThat(d.get("destination").asText()).isEqualTo("crm");
            assertThat(d.get("attempts").isInt()).isTrue();
        });
        assertThat(done.get("state").asText()).isEqualTo("scored");
        assertThat(done.get("events")).hasSize(2);
        assertThat(done.get("events").get(1).get("event_id").asText()).isEqualTo(scored);
        assertThat(cancelled.get("state").asText()).isEqualTo("cancelled");
        assertThat(cancelled.get("reasons").get(0).asText()).isEqualTo("Denied the terms and conditions");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\"detail\":\"No such applicant\"}");
        // an earlier test's audit line may still be on its way out of the log queue: read only this test's calls
        List<String> audited = eventually().until(() -> auditLines().subList(auditBefore, auditLines().size())
                .stream().filter(line -> line.contains(" /admin/applicants/")).toList(), added -> added.size() >= 4);
        assertThat(audited.get(0)).contains("Admin GET /admin/applicants/:uid 200 role=admin ");
        assertThat(audited).hasSize(4).allSatisfy(line -> assertThat(line).contains("/admin/applicants/:uid "));
        assertThat(String.join("\n", audited)).as("the uid stays out of the audit log").doesNotContain(uid);
    }

    @Test
    void should_describe_the_system_without_credentials() throws Exception {
        JsonNode system = get("/admin/system");

        assertThat(system.get("version").asText()).isNotBlank();
        assertThat(java.time.Instant.parse(system.get("started_at").asText())).isBefore(java.time.Instant.now());
        assertThat(system.get("health").get("status").asText()).isEqualTo("UP");
        assertThat(system.get("database").get("product").asText()).containsAnyOf("H2", "PostgreSQL");
        assertThat(system.get("database").get("url").asText()).startsWith("jdbc:")
                .doesNotContain(database().password().isEmpty() ? "password=" : database().password());
        assertThat(system.get("destinations")).anySatisfy(d -> {
            assertThat(d.get("name").asText()).isEqualTo("crm");
            assertThat(d.get("on").asBoolean()).isTrue();
        });
        assertThat(system.get("routing_table").asText()).contains("id: route-event");
        assertThat(system.get("retention").get("days").asText()).isEqualTo("30");
        assertThat(system.has("template_reloads")).as("not tracked").isFalse();
    }

    @Test
    void should_export_the_filtered_events_as_csv_up_to_the_cap() throws Exception {
        String uid = "APP-OPS-export-" + TestKeys.random().substring(0, 8);
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(deliver(webhook(uid, "application.complete", "{\"n\":" + i + "}")));
        }
        for (String id : ids) {
            settled(id);
        }

        HttpResponse<String> capped = call(adminToken, "GET", "/admin/events/export?uid=" + uid);
        HttpResponse<String> whole = call(adminToken, "GET", "/admin/events/export?uid=" + uid + "&before="
                + ids.get(3));

        assertThat(capped.statusCode()).as(capped.body()).isEqualTo(200);
        assertThat(capped.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
        assertThat(capped.headers().firstValue("X-Truncated")).hasValue("true");
        assertThat(capped.headers().firstValue("Cache-Control")).hasValue("no-store");
        List<String> lines = capped.body().lines().toList();
        assertThat(lines.get(0)).isEqualTo("received_at,event_id,type,uid,integration_id,status,deliveries");
        assertThat(lines).hasSize(4);
        assertThat(lines.get(1)).contains("," + ids.get(3) + ",application.complete," + uid + "," + INTEGRATION
                + ",routed,").contains("crm:unmatched");
        assertThat(whole.headers().firstValue("X-Truncated")).hasValue("false");
        assertThat(whole.body().lines()).hasSize(4);
        assertThat(call(adminToken, "GET", "/admin/events/export?status=bogus").statusCode()).isEqualTo(400);
    }

    @Test
    void should_tell_each_token_its_role() throws Exception {
        assertThat(JSON.readTree(call(adminToken, "GET", "/admin/whoami").body()).get("role").asText())
                .isEqualTo("admin");
        assertThat(JSON.readTree(call(readonlyToken, "GET", "/admin/whoami").body()).get("role").asText())
                .isEqualTo("readonly");
        assertThat(call(TestKeys.random(), "GET", "/admin/whoami").statusCode()).isEqualTo(401);
    }

    @Test
    void should_let_the_readonly_token_read_but_replay_nothing_and_audit_its_role() throws Exception {
        String eventId = deliver(webhook("APP-OPS-readonly", "application.complete", "{}"));
        eventually().until(() -> "unmatched".equals(Deliveries.status(database(), eventId,
                "crm")));
        int before = auditLines().size();

        HttpResponse<String> read = call(readonlyToken, "GET", "/admin/events/" + eventId + "?payload=true");
        HttpResponse<String> replayOne = call(readonlyToken, "POST", "/admin/events/" + eventId + "/replay");
        HttpResponse<String> replayMany = call(readonlyToken, "POST", "/admin/replay?dry_run=true");

        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(read.body()).get("payload").get("uid").asText()).isEqualTo("APP-OPS-readonly");
        for (HttpResponse<String> refused : List.of(replayOne, replayMany)) {
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).isEqualTo("{\"detail\":\"Read-only token\"}");
        }
        assertThat(Deliveries.status(database(), eventId, "crm")).isEqualTo("unmatched");
        List<String> lines = eventually().until(() -> auditLines().subList(before, auditLines().size()).stream()
                .filter(line -> line.contains(" role=readonly ")).toList(), added -> added.size() >= 3);
        assertThat(lines.get(0)).contains("Admin GET /admin/events/:id 200 role=readonly ");
        assertThat(lines.get(1)).contains("Admin POST /admin/events/:id/replay 403 role=readonly ");
        assertThat(call(adminToken, "POST", "/admin/replay?dry_run=true").statusCode()).isEqualTo(200);
    }

    @Test
    void should_forbid_caching_sniffing_and_framing_of_every_api_answer() throws Exception {
        for (HttpResponse<String> answer : List.of(call(adminToken, "GET", "/admin/whoami"),
                call(TestKeys.random(), "GET", "/admin/events"), call(adminToken, "GET", "/admin/events?limit=0"))) {
            assertThat(answer.headers().firstValue("Cache-Control")).as(answer.uri().toString()).hasValue("no-store");
            assertThat(answer.headers().firstValue("Content-Security-Policy"))
                    .hasValue("default-src 'self'; frame-ancestors 'none'");
            assertThat(answer.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        }
    }

    @Test
    void should_serve_the_console_on_the_management_port_only() throws Exception {
        HttpResponse<String> page = management("/console/");
        HttpResponse<String> bare = management("/console");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("<html");
        assertThat(page.headers().firstValue("Content-Security-Policy"))
                .hasValue("default-src 'self'; frame-ancestors 'none'");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(management("/console/index.html").body()).isEqualTo(page.body());
        assertThat(bare.statusCode()).isEqualTo(301);
        assertThat(bare.headers().firstValue("Location")).hasValue("/console/");
        assertThat(management("/console/../application.properties").statusCode()).isEqualTo(404);
        assertThat(management("/console/no-such-page.html").statusCode()).isEqualTo(404);
        assertThat(send("GET", "/console/", null, Map.of()).statusCode()).as("webhook port").isEqualTo(404);
        assertThat(send("GET", "/console/index.html", null, Map.of()).statusCode()).isEqualTo(404);
    }

    private static long delta(JsonNode before, JsonNode after, String reason) {
        return after.get("totals").get(reason).asLong() - before.get("totals").get(reason).asLong();
    }

    private static JsonNode destination(JsonNode stats, String name) {
        for (JsonNode destination : stats.get("destinations")) {
            if (destination.get("name").asText().equals(name)) {
                return destination;
            }
        }
        throw new AssertionError("no destination " + name + " in " + stats);
    }

    private static List<String> ids(JsonNode rows) {
        List<String> ids = new java.util.ArrayList<>();
        rows.forEach(row -> ids.add(row.get("event_id").asText()));
        return ids;
    }

    private static double gauge(String metrics, String reason) {
        String prefix = "begini_stuck_applications{reason=\"" + reason + "\"";
        return metrics.lines().filter(line -> line.startsWith(prefix)).mapToDouble(line ->
                Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + prefix + " in the metrics"));
    }

    HttpResponse<String> call(String token, String method, String path) throws Exception {
        return management(method, path, Map.of("Authorization", "Bearer " + token));
    }

    JsonNode get(String path) throws Exception {
        HttpResponse<String> answer = call(adminToken, "GET", path);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private List<String> auditLines() {
        return logs.lines().stream().filter(line -> line.contains(" beginibridge.audit - ")).toList();
    }
}
