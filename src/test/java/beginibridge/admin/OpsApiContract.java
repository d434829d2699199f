package beginibridge.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import beginibridge.support.DispatchTestSupport;
import beginibridge.support.TestKeys;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** What the ops console reads from the admin API, the read-only token, and the console's own pages. */
abstract class OpsApiContract extends DispatchTestSupport {

    static final ObjectMapper JSON = new ObjectMapper();
    final String adminToken = TestKeys.random();
    final String readonlyToken = TestKeys.random();

    @Override
    protected Map<String, String> moreSettings() {
        return Map.of("admin.token", adminToken, "admin.readonly-token", readonlyToken);
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
        eventually().until(() -> "unmatched".equals(beginibridge.support.Deliveries.status(database(), eventId,
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
        assertThat(beginibridge.support.Deliveries.status(database(), eventId, "crm")).isEqualTo("unmatched");
        List<String> lines = eventually().until(() -> auditLines().subList(before, auditLines().size()),
                added -> added.size() >= 3);
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
