package beginibridge.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import beginibridge.cli.CliTest.Result;
import beginibridge.support.BridgeTestSupport;
import beginibridge.support.FreePorts;
import beginibridge.support.Inboxes;
import beginibridge.support.Signatures;
import beginibridge.support.TestDatabase;
import beginibridge.support.TestKeys;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.wiremock.webhooks.Webhooks;

/**
 * {@code check-begini} against a stand-in for Begini's test API on 127.0.0.1 (WireMock), which, like Begini, answers
 * and fires its test webhook at the running bridge: each documented answer explained, the arrival confirmed through
 * the admin API or in the database, and the key never printed.
 */
class CheckBeginiTest extends BridgeTestSupport {

    private static final String INTEGRATION = "00000000000000000001";
    private static final String TEST_API = "/v1/webhooks-management/test";

    private final String key = TestKeys.random();
    private final String adminToken = TestKeys.random();
    private final WireMockServer begini = new WireMockServer(options().port(FreePorts.next()).bindAddress("127.0.0.1"));

    @TempDir
    Path dir;

    CheckBeginiTest() {
        begini.start();
    }

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.h2();
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of("begini.api-keys", INTEGRATION + "=" + key, "admin.token", adminToken);
    }

    @BeforeEach
    void resetBegini() {
        begini.resetAll();
    }

    @AfterAll
    void stopBegini() {
        begini.stop();
    }

    @Test
    void should_confirm_the_test_webhook_in_the_inbox_through_the_admin_api() throws Exception {
        beginiAnswers(200, "{\"detail\":\"Webhook sent\"}", signedWebhook("APP-CHECK-admin", key));

        Result check = check(true);

        assertThat(check.exitCode()).as(check.out() + check.err()).isZero();
        assertThat(check.out()).startsWith("200: Begini sent its test webhook to the URL set in Beacon and got 200"
                + " back.").containsPattern("The test webhook arrived in the inbox: event [0-9a-f-]{36}, type"
                + " application.complete, status (received|routed)\\.");
        begini.verify(1, postRequestedFor(urlEqualTo(TEST_API)).withHeader("api-key", equalTo(key)));
        assertThat(check.out() + check.err()).doesNotContain(key).doesNotContain(adminToken);
    }

    @Test
    void should_confirm_the_test_webhook_in_the_database_without_an_admin_token() throws Exception {
        beginiAnswers(200, "{}", signedWebhook("APP-CHECK-db", key));

        Result check = check(false);

        assertThat(check.exitCode()).as(check.out() + check.err()).isZero();
        assertThat(check.out()).contains("The test webhook arrived in the inbox: event ");
        assertThat(Inboxes.all(database())).extracting(Inboxes.Row::uid).contains("APP-CHECK-db");
    }

    @Test
    void should_say_when_begini_delivered_but_nothing_arrived_here() throws Exception {
        beginiAnswers(200, "{}", null);

        Result check = check(true, "--wait", "2");

        assertThat(check.exitCode()).isEqualTo(1);
        assertThat(check.out()).contains("No new event reached the bridge's inbox (admin API at http://127.0.0.1:"
                + managementPort + ") within 2 s. Begini delivered its test webhook to a receiver that answered 200,"
                + " so the webhook URL set in Beacon's Deployment Centre points somewhere else");
    }

    @Test
    void should_show_what_begini_got_from_the_bridge_with_422() throws Exception {
        String reported = "{\"status_code\":403,\"body\":{\"detail\":\"Validation Failure\"}}";
        beginiAnswers(422, reported, signedWebhook("APP-CHECK-wrong-key", TestKeys.random()));

        Result check = check(true, "--wait", "2");

        assertThat(check.exitCode()).isEqualTo(1);
        assertThat(check.out()).startsWith("422: Begini reached the bridge but got an error instead of 200. Begini"
                + " reports: " + reported).contains("No new event reached the bridge's inbox");
    }

    @Test
    void should_give_begini_answer_and_say_why_the_inbox_cannot_be_read() throws Exception {
        beginiAnswers(200, "{}", signedWebhook("APP-CHECK-no-inbox", key));
        Path missing = dir.resolve("no-database");

        Result check = CliTest.cli("check-begini", "--api-url", begini.baseUrl(), "--key-env",
                "BRIDGE_TEST_UNSET_VARIABLE", "--token-env", "BRIDGE_TEST_UNSET_VARIABLE", "--setting",
                "begini.api-keys=" + INTEGRATION + "=" + key, "--setting", "db.url=jdbc:h2:file:" + missing);

        assertThat(check.exitCode()).isEqualTo(1);
        assertThat(check.out()).startsWith("200: Begini sent its test webhook").containsPattern("Cannot check that it"
                + " arrived: cannot read the inbox in the database \\(db.url\\): Database .*no-database.* not found");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "400|400: Begini received no API key.",
        "403|403: Begini refused the API key as invalid.",
        "424|424: no webhook URL is set for this integration. Set it in Beacon's Deployment Centre",
        "503|503: Begini cannot reach the bridge at the webhook URL set in Beacon",
        "418|418: an answer Begini does not document: {\"detail\":\"teapot\"}"})
    void should_explain_each_other_answer_and_fail(int status, String explanation) throws Exception {
        beginiAnswers(status, "{\"detail\":\"teapot\"}", null);

        Result check = check(true);

        assertThat(check.exitCode()).isEqualTo(1);
        assertThat(check.out()).startsWith(explanation).doesNotContain("inbox");
        assertThat(check.out() + check.err()).doesNotContain(key);
    }

    @Test
    void should_use_the_key_of_a_file_and_say_when_begini_is_not_reachable() throws Exception {
        Path keyFile = Files.writeString(dir.resolve("key"), "file-key-" + TestKeys.random());
        beginiAnswers(403, "{}", null);

        Result refused = check(true, "--key-file", keyFile.toString());
        int closed = FreePorts.next();
        Result unreachable = CliTest.cli("check-begini", "--api-url", "http://127.0.0.1:" + closed,
                "--key-file", keyFile.toString());

        begini.verify(1, postRequestedFor(urlEqualTo(TEST_API)).withHeader("api-key",
                equalTo(Files.readString(keyFile))));
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(unreachable.exitCode()).isEqualTo(1);
        assertThat(unreachable.err()).isEqualTo("error: cannot connect to Begini's API at http://127.0.0.1:" + closed
                + " (begini.api-url)" + System.lineSeparator());
    }

    /** Begini's answer to the test call and, when {@code webhook} is given, the webhook it then fires. */
    private void beginiAnswers(int status, String body, Webhook webhook) {
        var stub = post(urlEqualTo(TEST_API)).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body));
        if (webhook != null) {
            stub = stub.withServeEventListener("webhook", Webhooks.webhook().withMethod(RequestMethod.POST)
                    .withUrl("http://127.0.0.1:" + httpPort + "/webhooks/begini")
                    .withHeader("Content-Type", "application/json").withHeader("X-Signature", webhook.signature())
                    .withBody(webhook.body()));
        }
        begini.stubFor(stub);
    }

    private record Webhook(String body, String signature) {
    }

    private static Webhook signedWebhook(String uid, String signingKey) throws Exception {
        byte[] body = SampleWebhooks.body("application.complete", uid, INTEGRATION, Instant.now());
        return new Webhook(new String(body, StandardCharsets.UTF_8), Signatures.sign(body, signingKey));
    }

    /** check-begini against the stand-in, with the bridge's keys, and its admin API or else its database. */
    private Result check(boolean throughAdminApi, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("check-begini", "--api-url", begini.baseUrl(),
                "--key-env", "BRIDGE_TEST_UNSET_VARIABLE", "--setting", "begini.api-keys=" + INTEGRATION + "=" + key));
        if (throughAdminApi) {
            args.addAll(List.of("--admin-url", "http://127.0.0.1:" + managementPort,
                    "--token-file", Files.writeString(dir.resolve("admin-token"), adminToken).toString()));
        } else {
            args.addAll(List.of("--token-env", "BRIDGE_TEST_UNSET_VARIABLE", "--setting", "db.url=" + database().url(),
                    "--setting", "db.user=" + database().user(), "--setting", "db.password=" + database().password()));
        }
        args.addAll(List.of(more));
        return CliTest.cli(args.toArray(String[]::new));
    }
}
