package beginibridge.proof;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import beginibridge.cli.SampleWebhooks;
import beginibridge.support.BridgeProcess;
import beginibridge.support.Deliveries;
import beginibridge.support.Rows;
import beginibridge.support.TestKeys;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import jakarta.mail.Address;
import jakarta.mail.internet.MimeMessage;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile input against the packaged bridge on PostgreSQL, with a CRM stub and an SMTP server.
 * Each case of {@link HostileCorpus} gets exactly its documented answer, and is followed by a valid event of the next
 * of the seven types. Then: every accepted event, hostile or valid, is stored and fully delivered (the ledger), each
 * hostile string arrived intact where it belongs and injected nothing, the process log holds no key, token,
 * signature, uid or payload text and no 5xx, and the process is alive and ready. The steps are one run of one
 * process, in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputIT {

    static final String OFFICER = "officer@bridge.test";

    private static final Pattern ACCEPTED =
            Pattern.compile("\\{\"status\":\"accepted\",\"event_id\":\"([0-9a-f-]{36})\"}");
    /** Reads what the bridge answers and sends as strictly as JSON allows. */
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    @TempDir
    static Path workDir;

    /** In every uid and hostile string of this run: found in no log line, found at every destination. */
    private final String marker = "hx" + HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
    private final String oddIntegrationKey = TestKeys.random();
    /**
     * HTTP/1.1, as webhook senders speak it. (Java's default offers an upgrade to HTTP/2 in clear text, over which
     * Vert.x 4.5 sends the body of an answer to HEAD regardless.)
     */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final Ledger ledger = new Ledger();
    private final Traffic traffic = new Traffic(ledger);
    private final Map<Hostile, String> eventIds = new IdentityHashMap<>();
    private final Map<Integer, Integer> answered = new TreeMap<>();
    private final Set<String> matched = new HashSet<>();
    private final List<String> signaturesSent = new ArrayList<>();
    private final Instant validAt = Instant.parse("2026-11-03T10:00:00Z");
    private List<Hostile> cases;
    private ProofRig rig;
    private BridgeProcess bridge;
    private int validSent;
    private long started;

    @BeforeAll
    void start() throws Exception {
        started = System.nanoTime();
        rig = new ProofRig();
        cases = new HostileCorpus(marker, rig.apiKey, oddIntegrationKey).cases();
        Map<String, String> environment = rig.environment();
        environment.put("BEGINI_API_KEYS", ProofRig.INTEGRATION + "=" + rig.apiKey + ","
                + HostileCorpus.ODD_INTEGRATION + "=" + oddIntegrationKey);
        // a delivery that fails because of what it carries is dead after three quick attempts, within the test
        environment.put("DELIVERY_MAX_ATTEMPTS", "3");
        // the largest payloads (10,000 traits or reasons) must not time out on a busy machine and be sent again
        environment.put("CRM_RESPONSE_TIMEOUT_MS", "10000");
        environment.put("SMTP_TIMEOUT_MS", "10000");
        // 10,000 traits make a 550 KB CRM payload, past the default delivery.max-rendered-bytes: here it must arrive
        environment.put("DELIVERY_MAX_RENDERED_BYTES", "1048576");
        environment.put("DELIVERY_LEASE", "30s");
        bridge = BridgeProcess.start(workDir, "hostile", environment);
        for (Hostile hostile : cases) {
            if (hostile.accepted()) {
                addApplicant(hostile.integrationId, hostile.webhook.uid(), hostile.applicantName);
            }
        }
        for (int i = 0; i < cases.size(); i += 2) {
            addApplicant(ProofRig.INTEGRATION, validUid(i), "Valid Applicant " + i);
        }
    }

    @AfterAll
    void stop() throws SQLException {
        if (bridge != null) {
            bridge.close();
        }
        if (rig != null) {
            rig.close();
        }
        System.out.printf("Hostile input: %d cases, answers by status %s, %d valid events between them, %.1f s%n",
                cases == null ? 0 : cases.size(), answered, validSent, (System.nanoTime() - started) / 1e9);
    }

    Stream<Hostile> corpus() {
        return cases.stream();
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void should_answer_each_hostile_input_as_documented(Hostile hostile) throws Exception {
        long sent = System.nanoTime();
        HttpResponse<String> answer = send(hostile);
        ledger.record(new Ledger.Answer(hostile.webhook, answer.statusCode(), answer.body(),
                java.time.Duration.ofNanos(System.nanoTime() - sent)));
        answered.merge(answer.statusCode(), 1, Integer::sum);
        Ledger.Answer valid = sendNextValidEvent();

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(hostile.webhook.expectedStatus());
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
        if (hostile.method.equals("HEAD")) {
            assertThat(answer.body()).as("a HEAD answer has no body").isEmpty();
        } else {
            assertThat(STRICT.readTree(answer.body()).isObject()).isTrue();
        }
        switch (answer.statusCode()) {
            case 200 -> {
                Matcher accepted = ACCEPTED.matcher(answer.body());
                assertThat(accepted.matches()).as(answer.body()).isTrue();
                eventIds.put(hostile, accepted.group(1));
            }
            case 403 -> assertThat(answer.body()).isEqualTo("{\"detail\":\"Validation Failure\"}");
            case 405 -> assertThat(answer.headers().firstValue("Allow")).hasValue("POST");
            default -> {
                JsonNode detail = STRICT.readTree(answer.body());
                assertThat(detail.size()).isEqualTo(1);
                assertThat(detail.path("detail").textValue()).startsWith(hostile.detail == null ? "" : hostile.detail);
            }
        }
        assertThat(valid.outcome()).as("the valid %s sent next", valid.webhook().type()).isEqualTo("accepted");
    }

    @Order(2)
    @Test
    void should_store_and_deliver_every_accepted_event_and_lose_no_valid_one() throws Exception {
        assertThat(validSent).as("valid events sent between the hostile ones").isEqualTo(cases.size());

        Ledger.Figures figures = ledger.balance(rig, matched, 0, Duration.ofSeconds(40));

        System.out.println("Hostile input: " + figures);
    }

    @Order(3)
    @Test
    void should_deliver_each_hostile_string_intact_and_inject_nothing() throws Exception {
        SoftAssertions softly = new SoftAssertions();
        for (Hostile hostile : cases) {
            for (Hostile.Landing landing : hostile.landings) {
                String where = hostile.name + ": " + landing.place() + " " + landing.field();
                String found;
                try {
                    found = landed(hostile, landing);
                } catch (AssertionError nothingThere) {
                    softly.fail(where + ": " + nothingThere.getMessage());
                    continue;
                }
                if (landing.place() == Hostile.Place.MAIL) {
                    softly.assertThat(lines(found)).as(where).contains(lines(landing.value()));
                } else if (landing.json()) {
                    softly.assertThat(found == null ? null : STRICT.readTree(found)).as(where)
                            .isEqualTo(STRICT.readTree(landing.value()));
                } else {
                    softly.assertThat(found).as(where).isEqualTo(landing.value());
                }
            }
        }
        for (ServeEvent served : rig.crm.getAllServeEvents()) {
            softly.assertThatCode(() -> STRICT.readTree(served.getRequest().getBodyAsString()))
                    .as("CRM body is JSON").doesNotThrowAnyException();
            softly.assertThat(served.getRequest().getHeader("Content-Type")).startsWith("application/json");
            for (HttpHeader header : served.getRequest().getHeaders().all()) {
                softly.assertThat(header.values().toString()).as("CRM header %s", header.key())
                        .doesNotContain(marker, "evil.test");
            }
        }
        for (MimeMessage mail : rig.smtp.getReceivedMessages()) {
            softly.assertThat(Stream.of(mail.getAllRecipients()).map(Address::toString))
                    .isSubsetOf(OFFICER, ProofRig.OPS_ADDRESS);
            softly.assertThat(mail.getHeader("Bcc")).as("Bcc header").isNull();
            softly.assertThat(mail.getHeader("X-Injected")).as("injected header").isNull();
            softly.assertThat(mail.getSubject()).doesNotContain("\r", "\n");
        }
        softly.assertThat(rig.smtp.getReceivedMessagesForDomain("evil.test")).as("mails to injected recipients")
                .isEmpty();
        softly.assertAll();
    }

    @Order(4)
    @Test
    void should_keep_keys_tokens_signatures_uids_and_payloads_out_of_the_log() {
        String log = bridge.output();
        List<String> secrets = new ArrayList<>(rig.secrets());
        secrets.add(oddIntegrationKey);
        List<String> signatures = signaturesSent.stream().filter(signature -> signature.length() >= 32).toList();

        assertThat(log).as("the log was captured").contains("Webhook 200 accepted", "Webhook 400 invalid",
                "Webhook 403 forbidden", "Webhook 405 method_not_allowed", "Webhook 413 too_large",
                "Webhook 415 unsupported_media_type", "uid#=");
        assertThat(log).doesNotContain(secrets);
        assertThat(log).doesNotContain(signatures);
        assertThat(log).as("uids and payload text").doesNotContain(marker, "application_started_at", "\"uid\"");
        assertThat(log.lines().filter(line -> line.matches(".*Webhook 5\\d\\d.*") || line.contains("answered 500")))
                .as("5xx answers").isEmpty();
    }

    @Order(5)
    @Test
    void should_still_be_alive_and_ready() throws Exception {
        assertThat(bridge.isAlive()).isTrue();
        assertThat(bridge.ready()).isTrue();
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(bridge.managementUri("/observe/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body()).contains("begini_webhooks_total").doesNotContain("outcome=\"error\"");
    }

    private HttpResponse<String> send(Hostile hostile) throws IOException, InterruptedException {
        URI target = hostile.query == null ? bridge.webhookUri()
                : URI.create(bridge.webhookUri() + "?" + hostile.query);
        byte[] body = hostile.webhook.body();
        HttpRequest.BodyPublisher content = !List.of("POST", "PUT", "PATCH").contains(hostile.method)
                ? HttpRequest.BodyPublishers.noBody()
                : hostile.chunked ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                : HttpRequest.BodyPublishers.ofByteArray(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(10))
                .method(hostile.method, content);
        List<String[]> headers = hostile.headers != null ? hostile.headers
                : List.of(new String[] {"Content-Type", "application/json"},
                        new String[] {"X-Signature", hostile.webhook.signature()});
        for (String[] header : headers) {
            request.header(header[0], header[1]);
            if (header[0].endsWith("Signature")) {
                signaturesSent.add(header[1]);
            }
        }
        if (hostile.query != null) {
            signaturesSent.add(hostile.query.substring(hostile.query.indexOf('=') + 1));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The next of the seven types, whatever the hostile input before it got. */
    private Ledger.Answer sendNextValidEvent() {
        int i = validSent++;
        Webhook valid = Webhook.valid(SampleWebhooks.TYPES.get(i % SampleWebhooks.TYPES.size()), validUid(i),
                validAt.plusSeconds(i), rig.apiKey);
        signaturesSent.add(valid.signature());
        return traffic.send(bridge.webhookUri(), valid);
    }

    private String validUid(int i) {
        return "APP-" + marker + "-v" + i;
    }

    private void addApplicant(String integrationId, String uid, String fullName) throws SQLException {
        Rows.execute(rig.database, "INSERT INTO applicant (integration_id, uid, internal_id, full_name, email,"
                + " crm_id, loan_officer_email) VALUES (?, ?, ?, ?, ?, ?, ?)", integrationId, uid,
                "INT-" + Integer.toHexString(uid.hashCode()), fullName, null, HostileCorpus.crmIdOf(uid), OFFICER);
        matched.add(uid);
    }

    /** What is found at the landing's place for the event of this case; null when nothing is. */
    private String landed(Hostile hostile, Hostile.Landing landing) throws Exception {
        String eventId = eventIds.get(hostile);
        if (eventId == null) {
            throw new AssertionError("not accepted");
        }
        UUID id = UUID.fromString(eventId);
        return switch (landing.place()) {
            case EVENT -> column(landing.field(), "SELECT * FROM begini_event WHERE id = ?", id);
            case APPLICATION -> column(landing.field(), "SELECT * FROM begini_application"
                    + " WHERE integration_id = ? AND uid = ?", hostile.integrationId, hostile.webhook.uid());
            case SCORE -> column(landing.field(), "SELECT * FROM begini_score WHERE event_id = ?", id);
            case TRAIT -> column(landing.field(), "SELECT * FROM begini_trait WHERE event_id = ? AND trait_index = 0",
                    id);
            case TRAIT_COUNT -> String.valueOf(Rows.query(rig.database,
                    "SELECT trait_index FROM begini_trait WHERE event_id = ?", id).size());
            case CRM -> {
                JsonNode value = STRICT.readTree(crmRequest(eventId).getRequest().getBodyAsString())
                        .at(landing.field());
                yield value.isMissingNode() || value.isNull() ? null
                        : value.isTextual() ? value.textValue() : value.toString();
            }
            case MAIL -> String.valueOf(mail(eventId).getContent());
        };
    }

    private String column(String name, String sql, Object... parameters) throws SQLException {
        List<Map<String, Object>> rows = Rows.query(rig.database, sql, parameters);
        assertThat(rows).as(sql).hasSize(1);
        Object value = rows.get(0).get(name);
        return value == null ? null : value.toString();
    }

    private ServeEvent crmRequest(String eventId) throws SQLException {
        String key = Deliveries.one(rig.database, eventId, "crm").id().toString();
        return rig.crm.getAllServeEvents().stream()
                .filter(served -> key.equals(served.getRequest().getHeader("Idempotency-Key")))
                .findFirst().orElseThrow(() -> new AssertionError("no CRM request for event " + eventId));
    }

    private MimeMessage mail(String eventId) throws Exception {
        String messageId = "<" + Deliveries.one(rig.database, eventId, "email").id() + "@begini-bridge>";
        for (MimeMessage mail : rig.smtp.getReceivedMessages()) {
            if (messageId.equals(mail.getMessageID())) {
                return mail;
            }
        }
        throw new AssertionError("no mail for event " + eventId);
    }

    /** Mail travels with CR LF line ends whatever the text had. */
    private static String lines(String text) {
        return text.replace("\r\n", "\n").replace('\r', '\n');
    }
}
