package beginibridge.console;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import beginibridge.cli.BridgeCli;
import beginibridge.support.Deliveries;
import beginibridge.support.DispatchTestSupport;
import beginibridge.support.FreePorts;
import beginibridge.support.StandaloneBridge;
import beginibridge.support.TestDatabase;
import beginibridge.support.TestKeys;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.WireMock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The ops console in a real browser against the whole bridge: events seeded with the CLI's signed {@code send},
 * a CRM stub that fails for one applicant, and every check of issue 16 made through the pages an operator uses.
 * One bridge and one browser for the class; the methods run in order, as an operator's session would.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT extends DispatchTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern EVENT_ID = Pattern.compile("\"event_id\":\"([0-9a-f-]{36})\"");
    /** The CRM answers 500 for this applicant's record until a test lets it recover. */
    private static final String FAILING_UID = "APP-CON-fail";
    private static final String FAILING_CRM_ID = "CRM-CON-FAIL";
    private static final String COMPLETED_UID = "APP-CON-completed";
    /** A uid is 1-128 visible characters: markup that runs a script without a space. */
    private static final String HOSTILE_UID = "<svg/onload=alert(1)>";
    private static final String HOSTILE_TEXT = "<img src=x onerror=alert(1)>";

    private final String adminToken = TestKeys.random();
    private final String readonlyToken = TestKeys.random();

    @TempDir
    static Path work;

    private ConsoleBrowser browser;
    private String failingEvent;
    private String hostileEvent;

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.h2();
    }

    @Override
    protected Map<String, String> moreSettings() {
        return Map.of("admin.token", adminToken, "admin.readonly-token", readonlyToken,
                "delivery.max-attempts", "3", "console.stuck-after", "PT1S");
    }

    @BeforeAll
    void startBrowser() throws Exception {
        browser = ConsoleBrowser.start(Files.createDirectories(work.resolve("downloads")));
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    /** Seeds once, with the bridge started: one applicant the CRM refuses, one completed, one with a hostile uid. */
    @BeforeEach
    void seedOnce() throws Exception {
        if (failingEvent != null) {
            return;
        }
        crm.stubFor(WireMock.post(urlEqualTo("/crm/events")).atPriority(10).willReturn(aResponse().withStatus(200)));
        crm.stubFor(WireMock.post(urlEqualTo("/crm/events")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.crm_id", equalTo(FAILING_CRM_ID)))
                .willReturn(aResponse().withStatus(500)));
        addApplicant(FAILING_UID, "CUST-CON-1", "Fay Failing", FAILING_CRM_ID, null);
        addApplicant(COMPLETED_UID, "CUST-CON-2", "Cam Completed", "CRM-CON-2", null);
        failingEvent = send("application.complete", FAILING_UID);
        send("application.complete", COMPLETED_UID);
        hostileEvent = deliver(webhook(HOSTILE_UID, "application.complete", "{\"note\":\"" + HOSTILE_TEXT + "\"}"));
        eventually().until(() -> "dead".equals(Deliveries.status(database(), failingEvent, "crm")));
        settled(hostileEvent);
    }

    @Test
    @Order(1)
    void should_refuse_a_bad_token_and_show_the_rows_with_the_good_one() throws Exception {
        browser.open(console());
        signIn(TestKeys.random());

        assertThat(browser.waitFor(By.cssSelector("#signin-form .error")).getText()).contains("refused");
        assertThat(browser.all(By.cssSelector("table.data"))).isEmpty();

        signIn(adminToken);

        assertThat(browser.waitFor(By.cssSelector("[data-figure='Dead deliveries'] .figure")).getText())
                .isEqualTo("1");
        browser.screenshot("overview");
        browser.recordRequests();
        eventually().until(browser::requests, requests -> requests.contains("GET /admin/stats"));
        browser.go("#/events");

        assertThat(rows()).extracting(WebElement::getText).anySatisfy(row -> assertThat(row).contains(FAILING_UID));
        assertThat(browser.script("return sessionStorage.getItem('begini-bridge.admin-token')"))
                .as("the token is kept in this tab's sessionStorage").isEqualTo(adminToken);
        assertThat(browser.script("return localStorage.length")).as("and nowhere else").isEqualTo(0L);
        assertThat(browser.driver.getCurrentUrl()).doesNotContain(adminToken);
    }

    @Test
    @Order(2)
    void should_keep_filters_in_the_url_send_them_to_the_api_and_restore_them_on_back() {
        browser.go("#/events");
        rows();
        assertThat(browser.waitFor(By.id("replay-matching")).isEnabled()).as("no replay without a filter").isFalse();
        browser.recordRequests();

        browser.waitFor(By.id("filter-uid")).sendKeys(FAILING_UID);
        browser.waitFor(By.id("apply")).click();

        browser.waitFor(By.cssSelector("#events-list table"));
        assertThat(browser.driver.getCurrentUrl()).endsWith("#/events?uid=" + FAILING_UID);
        assertThat(browser.requests()).containsExactly("GET /admin/events?uid=" + FAILING_UID + "&limit=50");
        assertThat(rows()).hasSize(1);

        browser.waitFor(By.linkText("Dead")).click();
        browser.waitFor(By.cssSelector("a.preset.current"));
        assertThat(browser.driver.getCurrentUrl()).endsWith("#/events?delivery_status=dead");

        browser.driver.navigate().back();

        assertThat(browser.waitFor(By.id("filter-uid")).getAttribute("value")).isEqualTo(FAILING_UID);
        assertThat(browser.driver.getCurrentUrl()).endsWith("#/events?uid=" + FAILING_UID);
        assertThat(rows()).hasSize(1);
    }

    @Test
    @Order(3)
    void should_show_a_hostile_uid_and_payload_as_text_without_running_them() {
        browser.consoleErrors();
        browser.go("#/events?uid=" + URLEncoder.encode(HOSTILE_UID, StandardCharsets.UTF_8));

        assertThat(rows()).hasSize(1);
        assertThat(browser.waitFor(By.cssSelector("#events-list td a.uid")).getText()).isEqualTo(HOSTILE_UID);
        browser.go("#/event/" + hostileEvent);
        browser.waitFor(By.id("show-payload")).click();
        assertThat(browser.waitFor(By.id("payload")).getText()).contains("\"uid\": \"" + HOSTILE_UID + "\"")
                .contains("\"note\": \"" + HOSTILE_TEXT + "\"");
        browser.waitFor(By.cssSelector("#summary a.uid")).click();
        browser.waitFor(By.cssSelector("#main h1 .uid"));

        assertThat(browser.all(By.cssSelector("#main img, #main svg"))).as("no element made of the data").isEmpty();
        assertThat(browser.alertShown()).isFalse();
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    @Order(4)
    void should_show_every_attempt_and_the_payload_only_when_asked() throws Exception {
        browser.go("#/event/" + failingEvent);
        browser.recordRequests();
        browser.waitFor(By.cssSelector(".delivery[data-destination=crm] .timeline"));

        JsonNode event = api("GET", "/admin/events/" + failingEvent);
        JsonNode crmDelivery = delivery(event, "crm");
        assertThat(browser.all(By.cssSelector(".delivery[data-destination=crm] tr.attempt")))
                .hasSize(crmDelivery.get("attempts").asInt()).hasSize(crmDelivery.get("attempt_log").size())
                .hasSize(3);
        assertThat(browser.all(By.id("payload")).get(0).isDisplayed()).isFalse();
        assertThat(browser.requests()).noneMatch(request -> request.contains("payload"));
        browser.screenshot("detail");

        browser.waitFor(By.id("show-payload")).click();

        String payload = browser.waitFor(By.id("payload")).getText();
        assertThat(payload).as("pretty-printed").contains("\n  \"uid\": \"" + FAILING_UID + "\"");
        assertThat(browser.requests()).containsExactly("GET /admin/events/" + failingEvent + "?payload=true");
    }

    @Test
    @Order(5)
    void should_replay_what_a_filter_matches_after_a_dry_run_the_same_count_as_the_api() throws Exception {
        browser.go("#/events?delivery_status=dead");
        rows();
        browser.recordRequests();

        browser.waitFor(By.id("replay-matching")).click();
        String shown = browser.waitFor(By.id("replay-count")).getText();
        browser.screenshot("events");
        browser.waitFor(By.id("replay-cancel")).click();
        browser.waitUntilGone(By.id("replay-box"));

        assertThat(shown).isEqualTo(api("POST", "/admin/replay?delivery_status=dead&dry_run=true").get("count")
                .asText()).isEqualTo("1");
        assertThat(browser.requests()).containsExactly("POST /admin/replay?delivery_status=dead&dry_run=true");
        assertThat(Deliveries.status(database(), failingEvent, "crm")).as("Cancel replays nothing").isEqualTo("dead");

        browser.recordRequests();
        browser.waitFor(By.id("replay-matching")).click();
        browser.waitFor(By.id("replay-confirm")).click();

        assertThat(browser.waitFor(By.id("replay-result")).getText()).contains("Replayed 1");
        assertThat(browser.requests()).containsExactly("POST /admin/replay?delivery_status=dead&dry_run=true",
                "POST /admin/replay?delivery_status=dead");
        // the CRM still refuses this applicant: the delivery runs out of its fresh budget of attempts again
        eventually().until(() -> Deliveries.one(database(), failingEvent, "crm").attempts() == 6
                && "dead".equals(Deliveries.status(database(), failingEvent, "crm")));
    }

    @Test
    @Order(6)
    void should_export_the_current_filter_as_csv() throws Exception {
        browser.go("#/events?uid=" + FAILING_UID);
        rows();
        browser.recordRequests();

        browser.waitFor(By.id("export")).click();

        assertThat(browser.waitFor(By.id("export-note")).getText()).startsWith("Saved");
        assertThat(browser.requests()).containsExactly("GET /admin/events/export?uid=" + FAILING_UID);
        Path csv = eventually().until(() -> {
            try (var files = Files.list(work.resolve("downloads"))) {
                return files.filter(file -> file.toString().endsWith(".csv")).findFirst().orElse(null);
            }
        }, file -> file != null);
        List<String> lines = eventually().until(() -> Files.readAllLines(csv), read -> read.size() == 2);
        assertThat(lines.get(0)).isEqualTo("received_at,event_id,type,uid,integration_id,status,deliveries");
        assertThat(lines.get(1)).contains(failingEvent, FAILING_UID, "crm:dead");
    }

    @Test
    @Order(7)
    void should_replay_one_event_with_one_request_and_show_it_done_once_the_crm_recovers() throws Exception {
        crm.resetAll();
        crm.stubFor(WireMock.post(urlEqualTo("/crm/events")).willReturn(aResponse().withStatus(200)));
        browser.go("#/event/" + failingEvent);
        WebElement crmStatus = browser.waitFor(By.cssSelector(".delivery[data-destination=crm] h3 .badge"));
        assertThat(crmStatus.getText()).isEqualTo("dead");
        browser.recordRequests();

        browser.waitFor(By.id("replay")).click();
        browser.waitFor(By.id("replay-confirm")).click();
        browser.waitFor(By.id("replay-result"));

        eventually().until(() -> {
            browser.waitFor(By.id("refresh")).click();
            return browser.waitFor(By.cssSelector(".delivery[data-destination=crm] h3 .badge")).getText();
        }, "done"::equals);
        assertThat(browser.requests()).filteredOn(request -> request.startsWith("POST"))
                .containsExactly("POST /admin/events/" + failingEvent + "/replay");
    }

    @Test
    @Order(8)
    void should_show_an_applicant_completed_and_awaiting_a_score_on_the_journey_and_stuck_pages() throws Exception {
        browser.go("#/journey/" + COMPLETED_UID);
        assertThat(browser.waitFor(By.id("journey-state")).getText()).containsIgnoringCase("awaiting a score");
        browser.screenshot("journey");

        browser.go("#/stuck");

        assertThat(browser.waitFor(By.id("awaiting-score")).getText()).contains(COMPLETED_UID);
    }

    @Test
    @Order(9)
    void should_show_the_rejections_with_the_test_key_hint_and_the_system() throws Exception {
        postSigned(completedWebhook("APP-CON-test-key"), TestKeys.random());
        browser.go("#/rejections");

        assertThat(browser.waitFor(By.id("test-key-hint")).getText()).contains("sent to a production bridge");
        assertThat(browser.waitFor(By.cssSelector("#main table")).getText()).contains("bad_signature 1");

        browser.go("#/system");

        assertThat(browser.waitFor(By.id("routing-table")).getText()).contains("route-event");
    }

    @Test
    @Order(10)
    void should_leave_out_the_replay_buttons_for_the_readonly_token() {
        browser.waitFor(By.id("signout")).click();
        signIn(readonlyToken);
        browser.waitFor(By.id("stats"));
        browser.go("#/events?delivery_status=dead");
        rows();
        assertThat(browser.all(By.id("replay-matching"))).isEmpty();
        browser.go("#/event/" + failingEvent);
        browser.waitFor(By.id("show-payload"));
        assertThat(browser.all(By.id("replay"))).isEmpty();
    }

    @Test
    @Order(11)
    void should_go_back_to_sign_in_when_the_api_refuses_the_token_and_then_to_the_page() {
        browser.script("sessionStorage.setItem('begini-bridge.admin-token', arguments[0])", TestKeys.random());
        browser.go("#/events");

        assertThat(browser.waitFor(By.cssSelector("#signin-form .error")).getText()).contains("refused");
        assertThat(browser.driver.getCurrentUrl()).endsWith("#/signin");

        signIn(adminToken);

        browser.waitFor(By.cssSelector("#events-list table"));
        assertThat(browser.driver.getCurrentUrl()).as("back where the token was refused").endsWith("#/events");
    }

    @Test
    @Order(12)
    void should_keep_every_request_on_the_management_origin_without_a_console_error() {
        String origin = "http://127.0.0.1:" + managementPort + "/";

        assertThat(browser.loadedUrls()).isNotEmpty().allSatisfy(url -> assertThat(url).startsWith(origin));
        assertThat(browser.consoleErrors()).as("since the hostile uid's check: every page, CSP violations included")
                .allSatisfy(error -> assertThat(error).contains("/admin/events?limit=50 - Failed to load resource: the server"
                        + " responded with a status of 401"));
    }

    @Test
    @Order(13)
    void should_serve_the_console_only_on_the_management_port_and_only_with_a_token() throws Exception {
        assertThat(management("/console/").statusCode()).isEqualTo(200);
        assertThat(send("GET", "/console/", null, Map.of()).statusCode()).isEqualTo(404);

        Map<String, String> withoutTokens = new HashMap<>(allSettings());
        withoutTokens.remove("admin.token");
        withoutTokens.remove("admin.readonly-token");
        int port = FreePorts.next();
        withoutTokens.put("management.port", String.valueOf(port));
        try (StandaloneBridge off = StandaloneBridge.start(withoutTokens)) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/console/")).build();
            HttpResponse<String> answer = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(404);
        }
    }

    private String console() {
        return "http://127.0.0.1:" + managementPort + "/console/";
    }

    private void signIn(String token) {
        WebElement input = browser.waitFor(By.id("token"));
        input.clear();
        input.sendKeys(token);
        browser.waitFor(By.id("signin")).click();
    }

    /** The rows of the events table, once it is there. */
    private List<WebElement> rows() {
        browser.waitFor(By.cssSelector("#events-list table, #no-events"));
        return browser.all(By.cssSelector("#events-list tbody tr"));
    }

    /** Posts a signed sample webhook with the CLI, as an engineer would, and returns its event id. */
    private String send(String type, String uid) throws Exception {
        Path keyFile = work.resolve("api-key");
        Files.writeString(keyFile, apiKey);
        StringWriter out = new StringWriter();
        int exit = BridgeCli.run(new String[] {"send", "--url", "http://127.0.0.1:" + httpPort + "/webhooks/begini",
            "--type", type, "--uid", uid, "--key-file", keyFile.toString()}, new PrintWriter(out, true),
                new PrintWriter(new StringWriter(), true));
        Matcher id = EVENT_ID.matcher(out.toString());
        assertThat(exit).as(out.toString()).isZero();
        assertThat(id.find()).isTrue();
        return id.group(1);
    }

    private JsonNode api(String method, String path) throws Exception {
        HttpResponse<String> answer = management(method, path, Map.of("Authorization", "Bearer " + adminToken));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private static JsonNode delivery(JsonNode event, String destination) {
        for (JsonNode delivery : event.get("deliveries")) {
            if (delivery.get("destination").asText().equals(destination)) {
                return delivery;
            }
        }
        throw new AssertionError("no " + destination + " delivery");
    }
}
