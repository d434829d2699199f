package beginibridge.support;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;

/**
 * The whole bridge with real destinations: a CRM stub (WireMock) and an SMTP server (GreenMail) on free ports,
 * the pollers and backoff made fast so that retries happen within a test's patience.
 */
public abstract class DispatchTestSupport extends BridgeTestSupport {

    protected static final String INTEGRATION = "00000000000000000001";
    protected static final String OPS_ADDRESS = "ops@bridge.test";
    private static final Pattern EVENT_ID = Pattern.compile("\"event_id\":\"([0-9a-f-]{36})\"");

    protected final String apiKey = TestKeys.random();
    protected final String crmToken = TestKeys.random();
    protected final WireMockServer crm = new WireMockServer(options().port(FreePorts.next()).bindAddress("127.0.0.1"));
    protected final GreenMail smtp = new GreenMail(new ServerSetup(FreePorts.next(), "127.0.0.1", "smtp"));

    protected DispatchTestSupport() {
        crm.start();
        smtp.start();
    }

    /** Settings a test class changes on top of the defaults below. */
    protected Map<String, String> moreSettings() {
        return Map.of();
    }

    @Override
    protected final Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>();
        settings.put("begini.api-keys", INTEGRATION + "=" + apiKey);
        settings.put("dispatch.poll-interval", "200");
        settings.put("delivery.initial-backoff", "300ms");
        settings.put("delivery.max-backoff", "2s");
        settings.put("delivery.max-attempts", "5");
        settings.put("delivery.lease", "30s");
        settings.put("crm.url", "http://127.0.0.1:" + crm.port() + "/crm/events");
        settings.put("crm.token", crmToken);
        settings.put("crm.connect-timeout-ms", "1000");
        settings.put("crm.response-timeout-ms", "1500");
        settings.put("smtp.host", "127.0.0.1");
        settings.put("smtp.port", String.valueOf(smtp.getSmtp().getPort()));
        settings.put("mail.from", "bridge@bridge.test");
        settings.put("mail.to", OPS_ADDRESS);
        settings.putAll(moreSettings());
        return settings;
    }

    @AfterAll
    void stopDestinations() {
        crm.stop();
        smtp.stop();
    }

    /** Adds an internal record (enrich.sql's demo table) for a uid of this project's integration. */
    protected void addApplicant(String uid, String internalId, String fullName, String crmId, String officerEmail)
            throws Exception {
        Rows.execute(database(), "INSERT INTO applicant (integration_id, uid, internal_id, full_name, email, crm_id,"
                + " loan_officer_email) VALUES (?, ?, ?, ?, ?, ?, ?)", INTEGRATION, uid, internalId, fullName, null,
                crmId, officerEmail);
    }

    /** Adds an internal record for {@code uid} whose deliveries the CRM stub answers 500, until it is reset. */
    protected void addApplicantTheCrmFailsFor(String uid, String crmId) throws Exception {
        addApplicant(uid, "CUST-" + crmId, "Failing " + uid, crmId, null);
        crm.stubFor(WireMock.post(WireMock.urlEqualTo("/crm/events")).atPriority(1)
                .withRequestBody(WireMock.matchingJsonPath("$.crm_id", WireMock.equalTo(crmId)))
                .willReturn(WireMock.aResponse().withStatus(500)));
    }

    /**
     * Writes an event straight into the inbox with the given status, as the intake would have before a crash, or
     * as another instance would have routed it.
     */
    protected UUID storeEvent(byte[] payload, String uid, String type, String status) throws Exception {
        UUID id = UUID.randomUUID();
        Rows.execute(database(), "INSERT INTO begini_event (id, integration_id, uid, event_type, payload,"
                + " payload_sha256, received_at, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", id, INTEGRATION, uid, type,
                payload, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(payload)),
                OffsetDateTime.now(ZoneOffset.UTC), status);
        return id;
    }

    /** POSTs a signed webhook and returns its event id (it must be accepted). */
    protected String deliver(byte[] body) throws Exception {
        HttpResponse<String> response = postSigned(body, apiKey);
        Matcher matcher = EVENT_ID.matcher(response.body());
        if (response.statusCode() != 200 || !matcher.find()) {
            throw new AssertionError("webhook not accepted: " + response.statusCode() + " " + response.body());
        }
        return matcher.group(1);
    }

    /** A webhook of this project's integration, {@code details} given as JSON text. */
    protected static byte[] webhook(String uid, String type, String detailsJson) {
        return ("{\"uid\":\"" + uid + "\",\"integration_id\":\"" + INTEGRATION + "\",\"event\":{\"type\":\"" + type
                + "\",\"details\":" + detailsJson + "}}").getBytes(StandardCharsets.UTF_8);
    }

    /** A journey event; {@code reasonsJson} null for none. */
    protected static byte[] event(String uid, String type, String detailsJson, String reasonsJson) {
        return ("{\"uid\":\"" + uid + "\",\"integration_id\":\"" + INTEGRATION + "\",\"event\":{\"type\":\"" + type
                + "\",\"details\":" + detailsJson + (reasonsJson == null ? "" : ",\"reasons\":" + reasonsJson)
                + "}}").getBytes(StandardCharsets.UTF_8);
    }

    /** A JSON list of the numbers 0 to count - 1, written without spaces as Jackson writes it. */
    protected static String jsonListOfNumbers(int count) {
        return IntStream.range(0, count).mapToObj(Integer::toString).collect(Collectors.joining(",", "[", "]"));
    }

    protected static ConditionFactory eventually() {
        return Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100));
    }

    /** Waits until every delivery of the event has left {@code pending}, and returns them. */
    protected List<Deliveries.Row> settled(String eventId) {
        return eventually().until(() -> Deliveries.ofEvent(database(), eventId),
                rows -> !rows.isEmpty() && rows.stream().noneMatch(row -> row.status().equals("pending")));
    }
}
