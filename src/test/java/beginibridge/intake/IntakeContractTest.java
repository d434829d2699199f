package beginibridge.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import beginibridge.settings.Durations;
import beginibridge.support.BridgeTestSupport;
import beginibridge.support.Inboxes;
import beginibridge.support.RawConnection;
import beginibridge.support.Signatures;
import beginibridge.support.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every row of the webhook endpoint's contract (README's table), over real HTTP against the real routes; run on
 * H2 and on PostgreSQL by the subclasses.
 */
abstract class IntakeContractTest extends BridgeTestSupport {

    static final String INTEGRATION_A = "00000000000000000001";
    static final String INTEGRATION_B = "00000000000000000002";
    static final Pattern EVENT_ID = Pattern.compile("\"event_id\":\"([0-9a-f-]{36})\"");

    final String oldKeyA = TestKeys.random();
    final String newKeyA = TestKeys.random();
    final String keyB = TestKeys.random();
    final String keyOfNobody = TestKeys.random();

    @Override
    protected Map<String, String> settings() {
        return Map.of("begini.api-keys",
                INTEGRATION_A + "=" + oldKeyA + ", " + INTEGRATION_B + "=" + keyB + "," + INTEGRATION_A + "=" + newKeyA);
    }

    @ParameterizedTest
    @CsvSource({
        "application-complete.json, application.complete",
        "psychometric-score-complete.json, psychometric_score.complete",
        "android-score-complete.json, android_score.complete",
        "ios-score-complete.json, ios_score.complete",
        "application-expired.json, application.expired",
        "application-incomplete.json, application.incomplete",
        "application-cancelled.json, application.cancelled",
        "docs-mistake-complete-typed-as-score.json, psychometric_score.complete",
        "unknown-fields-and-values.json, psychometric_score.complete",
        "unknown-event-type.json, application.archived",
    })
    void should_accept_and_store_the_exact_bytes_of_each_sample(String file, String type) throws Exception {
        byte[] body = sample(file);

        HttpResponse<String> response = postSigned(body, newKeyA);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).matches("\\{\"status\":\"accepted\",\"event_id\":\"[0-9a-f-]{36}\"}");
        List<Inboxes.Row> rows = Inboxes.withSha256(database(), sha256(body));
        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.id().toString()).isEqualTo(eventId(response));
            assertThat(row.payload()).isEqualTo(body);
            assertThat(row.integrationId()).isEqualTo(INTEGRATION_A);
            assertThat(row.uid()).startsWith("APP-");
            assertThat(row.eventType()).isEqualTo(type);
            assertThat(row.status()).as("stored, then picked up by the dispatcher")
                    .isIn("received", "routed", "unrouted");
        });
    }

    @Test
    void should_answer_a_redelivery_as_duplicate_with_the_first_event_id() throws Exception {
        byte[] body = event("redelivered");

        HttpResponse<String> first = postSigned(body, oldKeyA);
        HttpResponse<String> second = postSigned(body, newKeyA);

        assertThat(first.body()).contains("\"status\":\"accepted\"");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.body()).isEqualTo("{\"status\":\"duplicate\",\"event_id\":\"" + eventId(first) + "\"}");
        assertThat(Inboxes.withSha256(database(), sha256(body))).hasSize(1);
    }

    @Test
    void should_accept_both_keys_of_an_integration_during_rotation() throws Exception {
        assertThat(postSigned(event("rotation-old"), oldKeyA).statusCode()).isEqualTo(200);
        assertThat(postSigned(event("rotation-new"), newKeyA).statusCode()).isEqualTo(200);
    }

    @Test
    void should_accept_uppercase_hex_and_the_older_header_name() throws Exception {
        byte[] upper = event("uppercase-hex");
        byte[] older = event("older-header");

        HttpResponse<String> uppercase = postWebhook(upper, Map.of("Content-Type", "application/json",
                "X-Signature", Signatures.sign(upper, oldKeyA).toUpperCase(Locale.ROOT)));
        HttpResponse<String> olderHeader = postWebhook(older, Map.of("Content-Type", "application/json; charset=utf-8",
                "X-Begini-Signature", Signatures.sign(older, oldKeyA)));

        assertThat(uppercase.statusCode()).isEqualTo(200);
        assertThat(olderHeader.statusCode()).isEqualTo(200);
    }

    @Test
    void should_refuse_a_key_of_another_integration_and_store_nothing() throws Exception {
        byte[] claimsA = event("claims-a-signed-by-b");

        HttpResponse<String> response = postSigned(claimsA, keyB);

        assertForbidden(response);
        assertThat(Inboxes.withSha256(database(), sha256(claimsA))).isEmpty();
    }

    @Test
    void should_refuse_an_integration_without_a_configured_key() throws Exception {
        byte[] body = webhook("99999999999999999999", "APP-unknown", "application.complete");

        assertForbidden(postSigned(body, keyOfNobody));
        assertThat(Inboxes.withSha256(database(), sha256(body))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"missing", "empty", "truncated", "one-bit-off", "not-hex", "sha256-length", "padded"})
    void should_refuse_a_missing_or_malformed_signature(String kind) throws Exception {
        byte[] body = event("bad-signature-" + kind);
        String good = Signatures.sign(body, oldKeyA);
        Map<String, String> headers = switch (kind) {
            case "missing" -> Map.of("Content-Type", "application/json");
            case "empty" -> Map.of("Content-Type", "application/json", "X-Signature", "");
            case "truncated" -> Map.of("Content-Type", "application/json", "X-Signature", good.substring(0, 64));
            case "one-bit-off" -> Map.of("Content-Type", "application/json", "X-Signature", flipLastBit(good));
            case "not-hex" -> Map.of("Content-Type", "application/json", "X-Signature", "z" + good.substring(1));
            case "sha256-length" -> Map.of("Content-Type", "application/json",
                    "X-Signature", Signatures.sign(body, oldKeyA, "HmacSHA256"));
            default -> Map.of("Content-Type", "application/json", "X-Signature", "sha512=" + good);
        };

        assertForbidden(postWebhook(body, headers));
        assertThat(Inboxes.withSha256(database(), sha256(body))).isEmpty();
    }

    @Test
    void should_refuse_a_body_changed_after_signing() throws Exception {
        byte[] original = event("tampered");
        byte[] reformatted = new String(original, StandardCharsets.UTF_8).replace(",", ", ")
                .getBytes(StandardCharsets.UTF_8);

        assertForbidden(postWebhook(reformatted, Map.of("Content-Type", "application/json",
                "X-Signature", Signatures.sign(original, oldKeyA))));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "not json at all | Body is not valid JSON",
        "[1,2,3] | Body is not a JSON object",
        "{\"uid\":\"APP-1\",\"integration_id\":\"00000000000000000001\"} | Missing or invalid field: event",
        "{\"integration_id\":\"00000000000000000001\",\"event\":{\"type\":\"application.complete\",\"details\":{}}}"
                + " | Missing or invalid field: uid",
        "{\"uid\":42,\"integration_id\":\"00000000000000000001\",\"event\":{\"type\":\"x\",\"details\":{}}}"
                + " | Missing or invalid field: uid",
        "{\"uid\":\"APP 1\",\"integration_id\":\"00000000000000000001\",\"event\":{\"type\":\"x\",\"details\":{}}}"
                + " | Missing or invalid field: uid",
        "{\"uid\":\"APP-1\\u200b\",\"integration_id\":\"00000000000000000001\",\"event\":{\"type\":\"x\","
                + "\"details\":{}}} | Missing or invalid field: uid",
        "{\"uid\":\"APP-1\",\"event\":{\"type\":\"x\",\"details\":{}}} | Missing or invalid field: integration_id",
        "{\"uid\":\"APP-1\",\"integration_id\":\"00000000000000000001\",\"event\":{\"details\":{}}}"
                + " | Missing or invalid field: event.type",
        "{\"uid\":\"APP-1\",\"integration_id\":\"00000000000000000001\",\"event\":{\"type\":\"x\",\"details\":[]}}"
                + " | Missing or invalid field: event.details",
        "{\"uid\":\"APP-1\",\"uid\":\"APP-2\",\"integration_id\":\"00000000000000000001\",\"event\":{\"type\":\"x\","
                + "\"details\":{}}} | Body is not valid JSON: duplicate field",
        "{\"uid\":\"APP-1\",\"integration_id\":\"00000000000000000001\",\"event\":{\"type\":\"x\",\"details\":{}}} {}"
                + " | Body is not valid JSON",
        "{\"uid\":\"APP-1\",\"integration_id\":\"00000000000000000001\",\"event\":{\"type\":\"x\",\"details\":"
                + "{\"score\":NaN}}} | Body is not valid JSON",
    })
    void should_quarantine_a_signed_invalid_body_and_answer_400(String body, String reason) throws Exception {
        assertQuarantined(body.getBytes(StandardCharsets.UTF_8), reason);
    }

    @Test
    void should_quarantine_the_illustrative_schema_of_the_docs() throws Exception {
        assertQuarantined(sample("illustrative-schema.json"), "Missing or invalid field: uid");
    }

    @Test
    void should_quarantine_an_over_long_uid_a_deep_nesting_and_invalid_utf8() throws Exception {
        assertQuarantined(webhook(INTEGRATION_A, "U".repeat(129), "application.complete"),
                "Missing or invalid field: uid");
        String deep = "[".repeat(200) + "]".repeat(200);
        assertQuarantined(("{\"uid\":\"APP-deep\",\"integration_id\":\"" + INTEGRATION_A
                + "\",\"event\":{\"type\":\"x\",\"details\":{\"d\":" + deep + "}}}").getBytes(StandardCharsets.UTF_8),
                "Body exceeds the JSON limits (nesting depth or value length)");
        byte[] prefix = ("{\"uid\":\"APP-utf8\",\"integration_id\":\"" + INTEGRATION_A
                + "\",\"event\":{\"type\":\"x\",\"details\":{\"name\":\"").getBytes(StandardCharsets.UTF_8);
        byte[] suffix = "\"}}}".getBytes(StandardCharsets.UTF_8);
        byte[] invalidUtf8 = new byte[prefix.length + 2 + suffix.length];
        System.arraycopy(prefix, 0, invalidUtf8, 0, prefix.length);
        invalidUtf8[prefix.length] = (byte) 0xC3;
        invalidUtf8[prefix.length + 1] = (byte) 0x28;
        System.arraycopy(suffix, 0, invalidUtf8, prefix.length + 2, suffix.length);
        assertQuarantined(invalidUtf8, "Body is not valid JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"c0af", "eda080", "eda0bdedb880", "f4908080"})
    void should_quarantine_bytes_that_are_not_utf8_even_where_a_lenient_decoder_reads_them(String hex)
            throws Exception {
        byte[] prefix = ("{\"uid\":\"APP-utf8-" + hex + "\",\"integration_id\":\"" + INTEGRATION_A
                + "\",\"event\":{\"type\":\"x\",\"details\":{\"name\":\"").getBytes(StandardCharsets.UTF_8);
        byte[] bad = HexFormat.of().parseHex(hex);
        byte[] suffix = "\"}}}".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[prefix.length + bad.length + suffix.length];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        System.arraycopy(bad, 0, body, prefix.length, bad.length);
        System.arraycopy(suffix, 0, body, prefix.length + bad.length, suffix.length);

        assertQuarantined(body, "Body is not valid JSON");
    }

    @Test
    void should_quarantine_a_body_in_utf16_and_an_id_with_an_unpaired_surrogate() throws Exception {
        assertQuarantined(new String(event("utf16"), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16BE),
                "Body is not valid JSON");
        assertQuarantined(webhook(INTEGRATION_A, "APP-\\ud800", "application.complete"),
                "Missing or invalid field: uid");
    }

    @Test
    void should_quarantine_an_event_timed_further_ahead_than_begini_max_future_skew() throws Exception {
        long tomorrow = Instant.now().plus(Duration.ofDays(1)).getEpochSecond();
        byte[] body = ("{\"uid\":\"APP-from-tomorrow\",\"integration_id\":\"" + INTEGRATION_A + "\",\"event\":{\"type\":"
                + "\"psychometric_score.complete\",\"details\":{\"application_started_at\":1795000000,"
                + "\"scored_at\":" + tomorrow + "}}}").getBytes(StandardCharsets.UTF_8);

        assertQuarantined(body, "Event time too far in the future: event.details.scored_at");
    }

    @Test
    void should_refuse_copies_of_the_signature_header_that_disagree() throws Exception {
        byte[] body = event("two-signatures");
        String good = Signatures.sign(body, oldKeyA);
        String bad = flipLastBit(good);

        assertForbidden(postTwoSignatures(body, "X-Signature", good, "X-Signature", bad));
        assertForbidden(postTwoSignatures(body, "X-Signature", bad, "X-Signature", good));
        assertForbidden(postTwoSignatures(body, "X-Signature", good, "X-Begini-Signature", bad));
        assertForbidden(postTwoSignatures(body, "X-Signature", bad, "X-Begini-Signature", good));
        assertThat(Inboxes.withSha256(database(), sha256(body))).isEmpty();
        assertThat(postTwoSignatures(body, "X-Signature", good, "X-Begini-Signature", good.toUpperCase(Locale.ROOT))
                .statusCode()).as("the same signature under both names").isEqualTo(200);
    }

    @ParameterizedTest(name = "{0}, then {1}")
    @CsvSource({"text/plain, application/json", "application/json, text/plain"})
    void should_refuse_copies_of_the_content_type_that_disagree(String first, String second) throws Exception {
        byte[] body = event("two-content-types");
        String signature = Signatures.sign(body, oldKeyA);

        HttpResponse<String> response = postWithHeaders(body, "X-Signature", signature,
                "Content-Type", first, "Content-Type", second);
        assertThat(response.statusCode()).as(first + ", " + second).isEqualTo(415);
        assertJsonDetail(response);
        assertThat(Inboxes.withSha256(database(), sha256(body))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "PUT", "DELETE", "PATCH"})
    void should_refuse_other_methods_with_405_and_allow_postWebhook(String method) throws Exception {
        HttpResponse<String> response = send(method, "/webhooks/begini",
                method.equals("GET") || method.equals("DELETE") ? null : event("method"),
                Map.of("Content-Type", "application/json"));

        assertThat(response.statusCode()).as(method).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("POST");
        assertJsonDetail(response);
    }

    @Test
    void should_refuse_other_content_types_with_415() throws Exception {
        byte[] body = event("content-type");
        String signature = Signatures.sign(body, oldKeyA);
        for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "application/jsonx")) {
            HttpResponse<String> response = postWebhook(body, Map.of("Content-Type", type, "X-Signature", signature));

            assertThat(response.statusCode()).as(type).isEqualTo(415);
            assertJsonDetail(response);
        }
        assertThat(postWebhook(body, Map.of("X-Signature", signature)).statusCode()).isEqualTo(415);
        assertThat(Inboxes.withSha256(database(), sha256(body))).isEmpty();
    }

    @Test
    void should_refuse_a_body_over_the_cap_with_413_before_reading_it() throws Exception {
        byte[] body = new byte[1024 * 1024 + 1];
        java.util.Arrays.fill(body, (byte) ' ');

        HttpResponse<String> json = postSigned(body, oldKeyA);
        HttpResponse<String> text = postWebhook(body, Map.of("Content-Type", "text/plain"));

        assertThat(json.statusCode()).isEqualTo(413);
        assertJsonDetail(json);
        assertThat(text.statusCode()).as("the HTTP server's cap comes before any route step").isEqualTo(413);
        assertJsonDetail(text);

        // only the head, announcing one byte over the cap, and not a byte of the body: a server that read the body
        // before refusing would still be waiting for it (and answer 408 once http.request-timeout had passed)
        Duration requestTimeout = Durations.parse(context.resolvePropertyPlaceholders("{{http.request-timeout}}"),
                "http.request-timeout");
        try (RawConnection headOnly = RawConnection.open(httpPort)) {
            headOnly.send("POST /webhooks/begini HTTP/1.1\r\nHost: bridge\r\nContent-Type: application/json\r\n"
                    + "X-Signature: " + Signatures.sign(body, oldKeyA) + "\r\nContent-Length: " + body.length
                    + "\r\n\r\n");

            assertThat(headOnly.readStatusLine(requestTimeout.dividedBy(2))).as("answer to the head alone")
                    .startsWith("HTTP/1.1 413 ");
        }
    }

    @Test
    void should_not_take_a_signature_or_content_type_from_the_query_string() throws Exception {
        byte[] body = event("query-string");
        String signature = Signatures.sign(body, oldKeyA);

        HttpResponse<String> querySignature = send("POST", "/webhooks/begini?X-Signature=" + signature, body,
                Map.of("Content-Type", "application/json"));
        HttpResponse<String> queryContentType = send("POST", "/webhooks/begini?Content-Type=application/json", body,
                Map.of("X-Signature", signature));

        assertForbidden(querySignature);
        assertThat(queryContentType.statusCode()).isEqualTo(415);
        assertThat(Inboxes.withSha256(database(), sha256(body))).isEmpty();
    }

    @Test
    void should_answer_a_redelivered_invalid_body_400_again_and_keep_one_copy() throws Exception {
        byte[] body = "{\"uid\":\"APP-twice-invalid\"}".getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> first = postSigned(body, oldKeyA);
        HttpResponse<String> second = postSigned(body, oldKeyA);

        assertThat(first.statusCode()).isEqualTo(400);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(Inboxes.withSha256(database(), sha256(body))).singleElement()
                .extracting(Inboxes.Row::status).isEqualTo("quarantined");
    }

    @Test
    void should_file_a_quarantined_body_under_the_integration_it_names() throws Exception {
        byte[] body = ("{\"uid\":\"APP-b-invalid\",\"integration_id\":\"" + INTEGRATION_B + "\"}")
                .getBytes(StandardCharsets.UTF_8);

        assertThat(postSigned(body, keyB).statusCode()).isEqualTo(400);
        assertThat(Inboxes.withSha256(database(), sha256(body))).singleElement()
                .extracting(Inboxes.Row::integrationId).isEqualTo(INTEGRATION_B);
    }

    @Test
    void should_answer_unknown_paths_with_json_404() throws Exception {
        HttpResponse<String> response = send("POST", "/webhooks/other", event("path"),
                Map.of("Content-Type", "application/json"));

        assertThat(response.statusCode()).isEqualTo(404);
        assertJsonDetail(response);
    }

    @Test
    void should_never_echo_request_headers() throws Exception {
        byte[] body = event("echo");
        String signature = Signatures.sign(body, oldKeyA);
        Map<String, String> headers = Map.of("Content-Type", "application/json", "X-Signature", signature,
                "X-Trace-Probe", "probe-value", "Authorization", "Bearer probe-token");

        List<HttpResponse<String>> answers = new ArrayList<>();
        answers.add(postWebhook(body, headers));
        answers.add(postWebhook(body, headers));
        answers.add(postWebhook(event("echo-403"), Map.of("Content-Type", "application/json", "X-Signature", signature,
                "X-Trace-Probe", "probe-value")));
        answers.add(postWebhook("{}".getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json",
                "X-Signature", Signatures.sign("{}".getBytes(StandardCharsets.UTF_8), oldKeyA),
                "X-Trace-Probe", "probe-value")));
        answers.add(send("GET", "/webhooks/begini", null, Map.of("X-Trace-Probe", "probe-value")));
        answers.add(postWebhook(body, Map.of("Content-Type", "text/plain", "X-Trace-Probe", "probe-value")));
        answers.add(postWebhook(new byte[1024 * 1024 + 1], Map.of("Content-Type", "application/json",
                "X-Trace-Probe", "probe-value")));
        answers.add(send("POST", "/elsewhere", body, Map.of("X-Trace-Probe", "probe-value")));

        assertThat(answers).extracting(HttpResponse::statusCode).containsExactly(200, 200, 403, 400, 405, 415, 413,
                404);
        for (HttpResponse<String> answer : answers) {
            assertThat(answer.headers().map().keySet()).map(name -> name.toLowerCase(Locale.ROOT))
                    .doesNotContain("x-trace-probe", "x-signature", "authorization", "x-begini-signature");
            assertThat(answer.headers().map().values().toString()).doesNotContain("probe", signature);
            assertThat(answer.body()).doesNotContain("probe", signature);
        }
    }

    @Test
    void should_store_one_row_for_twenty_concurrent_copies() throws Exception {
        byte[] body = event("concurrent");
        int copies = 20;
        ExecutorService pool = Executors.newFixedThreadPool(copies);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < copies; i++) {
                Callable<HttpResponse<String>> call = () -> {
                    start.await();
                    return postSigned(body, oldKeyA);
                };
                answers.add(pool.submit(call));
            }
            start.countDown();

            List<String> bodies = new ArrayList<>();
            for (Future<HttpResponse<String>> answer : answers) {
                assertThat(answer.get().statusCode()).isEqualTo(200);
                bodies.add(answer.get().body());
            }
            List<Inboxes.Row> rows = Inboxes.withSha256(database(), sha256(body));
            assertThat(rows).hasSize(1);
            String id = rows.get(0).id().toString();
            assertThat(bodies).allSatisfy(answer -> assertThat(answer).contains("\"event_id\":\"" + id + "\""));
            assertThat(bodies).filteredOn(answer -> answer.contains("\"accepted\"")).hasSize(1);
            assertThat(bodies).filteredOn(answer -> answer.contains("\"duplicate\"")).hasSize(copies - 1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void should_never_log_keys_signatures_uids_or_payloads() throws Exception {
        byte[] accepted = webhook(INTEGRATION_A, "APP-log-probe-7731", "application.complete");
        byte[] invalid = "{\"uid\":\"APP-log-probe-7732\",\"secret-payload-marker\":1}".getBytes(StandardCharsets.UTF_8);
        String signature = Signatures.sign(accepted, newKeyA);
        postSigned(accepted, newKeyA);
        postSigned(invalid, oldKeyA);
        postWebhook(accepted, Map.of("Content-Type", "application/json", "X-Signature", flipLastBit(signature)));
        postSigned(webhook(INTEGRATION_A, "APP-log-probe-7733", "x"), keyB);

        assertThat(logs.lines()).anySatisfy(line -> assertThat(line)
                .matches("INFO .*Webhook 200 accepted in \\d+ ms event=[0-9a-f-]{36} type=application.complete"
                        + " integration=" + INTEGRATION_A + " uid#=[0-9a-f]{12}"));
        assertThat(logs.lines()).anySatisfy(line -> assertThat(line).contains("Webhook 403 forbidden"));
        assertThat(logs.all()).doesNotContain(oldKeyA, newKeyA, keyB, signature, "APP-log-probe",
                "secret-payload-marker", "application_started_at");
    }

    void assertQuarantined(byte[] body, String reason) throws Exception {
        HttpResponse<String> response = postSigned(body, oldKeyA);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).startsWith("{\"detail\":\"" + reason);
        assertThat(Inboxes.withSha256(database(), sha256(body))).singleElement().satisfies(row -> {
            assertThat(row.status()).isEqualTo("quarantined");
            assertThat(row.reason()).startsWith(reason);
            assertThat(row.payload()).isEqualTo(body);
            assertThat(row.integrationId()).isEqualTo(INTEGRATION_A);
        });
    }

    static void assertForbidden(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).isEqualTo("{\"detail\":\"Validation Failure\"}");
    }

    static void assertJsonDetail(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).matches("\\{\"detail\":\"[^\"]+\"}");
    }

    static byte[] event(String uidSuffix) {
        return webhook(INTEGRATION_A, "APP-" + uidSuffix, "application.complete");
    }

    static byte[] webhook(String integrationId, String uid, String type) {
        return ("{\"uid\":\"" + uid + "\",\"integration_id\":\"" + integrationId + "\",\"event\":{\"type\":\"" + type
                + "\",\"details\":{\"application_started_at\":1795000000,\"application_completed_at\":1795000900}}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    static String eventId(HttpResponse<String> response) {
        Matcher matcher = EVENT_ID.matcher(response.body());
        assertThat(matcher.find()).as("event_id in %s", response.body()).isTrue();
        return matcher.group(1);
    }

    HttpResponse<String> postTwoSignatures(byte[] body, String firstName, String first, String secondName,
            String second) throws Exception {
        return postWithHeaders(body, "Content-Type", "application/json", firstName, first, secondName, second);
    }

    static String flipLastBit(String hex) {
        byte[] bytes = HexFormat.of().parseHex(hex);
        bytes[bytes.length - 1] ^= 1;
        return HexFormat.of().formatHex(bytes);
    }

    static String sha256(byte[] body) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    }
}
