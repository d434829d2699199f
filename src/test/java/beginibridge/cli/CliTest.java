package beginibridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import beginibridge.cli.BridgeCli;
import beginibridge.support.BridgeTestSupport;
import beginibridge.support.Inboxes;
import beginibridge.support.TestDatabase;
import beginibridge.support.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jar's commands against the running bridge: what {@code sign} prints and what {@code send} posts is accepted. */
class CliTest extends BridgeTestSupport {

    static final String INTEGRATION = "00000000000000000001";
    static final String[] TYPES = {"application.complete", "psychometric_score.complete", "android_score.complete",
        "ios_score.complete", "application.expired", "application.incomplete", "application.cancelled"};

    final String key = TestKeys.random();

    @TempDir
    Path dir;

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.h2();
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of("begini.api-keys", INTEGRATION + "=" + key);
    }

    @Test
    void should_sign_a_body_so_that_the_intake_accepts_it() throws Exception {
        byte[] body = ("{\"uid\":\"APP-CLI-sign\",\"integration_id\":\"" + INTEGRATION + "\",\"event\":"
                + "{\"type\":\"application.complete\",\"details\":{}}}").getBytes(StandardCharsets.UTF_8);
        Path file = Files.write(dir.resolve("event.json"), body);

        Result signed = cli("sign", "--key-file", keyFile().toString(), file.toString());

        assertThat(signed.exitCode).isZero();
        assertThat(signed.out.strip()).matches("[0-9a-f]{128}");
        assertThat(postWebhook(body, Map.of("Content-Type", "application/json", "X-Signature", signed.out.strip()))
                .body()).startsWith("{\"status\":\"accepted\"");
    }

    @Test
    void should_send_an_accepted_sample_of_every_type() throws Exception {
        for (String type : TYPES) {
            Result sent = cli("send", "--url", "http://127.0.0.1:" + httpPort + "/webhooks/begini", "--type", type,
                    "--uid", "APP-CLI-" + type, "--key-file", keyFile().toString());

            assertThat(sent.exitCode).as(type).isZero();
            assertThat(sent.out).as(type).startsWith("200 {\"status\":\"accepted\"");
        }
        assertThat(Inboxes.all(database())).filteredOn(row -> row.uid() != null && row.uid().startsWith("APP-CLI-"))
                .extracting(Inboxes.Row::eventType).containsExactlyInAnyOrder(TYPES);
    }

    @Test
    void should_send_a_file_as_its_exact_bytes() throws Exception {
        byte[] body = ("{ \"uid\" : \"APP-FILE-exact\", \"integration_id\":\"" + INTEGRATION + "\",\n  \"event\":"
                + "{\"type\":\"application.cancelled\",\"details\":{},\"odd\":\"\\u00e9\"}}").getBytes(StandardCharsets.UTF_8);
        Path file = Files.write(dir.resolve("body.json"), body);

        Result sent = cli("send", "--url", webhookUrl(), "--file", file.toString(), "--key-file", keyFile().toString());

        assertThat(sent.exitCode).isZero();
        assertThat(sent.out).startsWith("200 {\"status\":\"accepted\"");
        assertThat(Inboxes.all(database())).filteredOn(row -> "APP-FILE-exact".equals(row.uid())).singleElement()
                .satisfies(row -> assertThat(row.payload()).as("not parsed and written again").isEqualTo(body));
    }

    @Test
    void should_send_a_file_with_values_overridden_by_dotted_path() throws Exception {
        Path file = Files.write(dir.resolve("body.json"), SampleWebhooks.body("application.incomplete",
                "APP-FILE-before", INTEGRATION, java.time.Instant.now()));

        Result sent = cli("send", "--url", webhookUrl(), "--file", file.toString(), "--key-file", keyFile().toString(),
                "--set", "uid=APP-FILE-set", "--set", "event.details.percentage_completed=0.5",
                "--set", "event.reasons=[\"Skipped a section\"]", "--set", "event.details.note=12 apples",
                "--set", "event.details.extra.deep=true", "--set", "event.reasons.0=Missing data");

        assertThat(sent.exitCode).isZero();
        Inboxes.Row stored = Inboxes.all(database()).stream().filter(row -> "APP-FILE-set".equals(row.uid()))
                .findFirst().orElseThrow();
        var payload = new com.fasterxml.jackson.databind.ObjectMapper().readTree(stored.payload());
        assertThat(payload.at("/event/type").asText()).isEqualTo("application.incomplete");
        assertThat(payload.at("/event/details/percentage_completed").isNumber()).isTrue();
        assertThat(payload.at("/event/details/percentage_completed").asDouble()).isEqualTo(0.5);
        assertThat(payload.at("/event/details/note").asText()).as("not JSON, so text").isEqualTo("12 apples");
        assertThat(payload.at("/event/details/extra/deep").asBoolean()).isTrue();
        assertThat(payload.at("/event/reasons").toString()).isEqualTo("[\"Missing data\"]");
        assertThat(payload.at("/event/details/last_response_submitted_at").isNumber()).as("the rest kept").isTrue();
    }

    @Test
    void should_explain_a_wrong_override_or_body_choice_without_a_stack_trace() throws Exception {
        Result intoAValue = cli("send", "--type", "application.expired", "--body-out",
                "--set", "uid.first=APP-1");
        Result pastTheList = cli("send", "--type", "application.incomplete", "--body-out",
                "--set", "event.reasons.3=x");
        Result noBody = cli("send", "--body-out");
        Result both = cli("send", "--body-out", "--type", "application.expired", "--file", "body.json");

        assertThat(intoAValue.err).isEqualTo("error: --set 'uid.first=APP-1': uid is a value, not an object or list"
                + System.lineSeparator());
        assertThat(pastTheList.err).isEqualTo("error: --set 'event.reasons.3=x': 3 is not an index of a list of 1"
                + System.lineSeparator());
        assertThat(noBody.err).isEqualTo("error: give either --type (a built-in sample) or --file (your own body)"
                + System.lineSeparator());
        assertThat(both.err).isEqualTo(noBody.err);
        assertThat(java.util.List.of(intoAValue, pastTheList, noBody, both)).allSatisfy(result -> {
            assertThat(result.exitCode).isEqualTo(1);
            assertThat(result.out).isEmpty();
        });
    }

    @Test
    void should_explain_a_missing_key_or_an_unknown_type_without_a_stack_trace() throws Exception {
        Result noKey = cli("sign", "--key-env", "BRIDGE_TEST_UNSET_VARIABLE", keyFile().toString());
        Result badType = cli("send", "--type", "application.archived", "--key-file", keyFile().toString());

        assertThat(noKey.exitCode).isEqualTo(1);
        assertThat(noKey.err).isEqualTo("error: no API key: set the environment variable BRIDGE_TEST_UNSET_VARIABLE"
                + " or use --key-file" + System.lineSeparator());
        assertThat(badType.exitCode).isEqualTo(1);
        assertThat(badType.err).startsWith("error: unknown type 'application.archived'").doesNotContain("\tat ");
        Result refused = cli("send", "--type", "application.complete", "--url", "http://127.0.0.1:"
                + beginibridge.support.FreePorts.next() + "/webhooks/begini", "--key-file", keyFile().toString());
        assertThat(refused.exitCode).isEqualTo(1);
        assertThat(refused.err).isEqualTo("error: cannot connect (is the bridge running at that URL?)"
                + System.lineSeparator());
    }

    @Test
    void should_refuse_to_sign_with_an_algorithm_the_bridge_refuses() throws Exception {
        Result md5 = cli("sign", "--algorithm", "HmacMD5", "--key-file", keyFile().toString(), keyFile().toString());

        assertThat(md5.exitCode).isEqualTo(1);
        assertThat(md5.out).isEmpty();
        assertThat(md5.err).isEqualTo("error: --algorithm 'HmacMD5' is not allowed: use HmacSHA512 or HmacSHA256"
                + System.lineSeparator());
    }

    private String webhookUrl() {
        return "http://127.0.0.1:" + httpPort + "/webhooks/begini";
    }

    private Path keyFile() throws Exception {
        return Files.writeString(dir.resolve("key"), key + "\n");
    }

    static Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = BridgeCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(exitCode, out.toString(), err.toString());
    }

    record Result(int exitCode, String out, String err) {
    }
}
