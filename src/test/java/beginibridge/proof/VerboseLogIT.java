package beginibridge.proof;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import beginibridge.cli.SampleWebhooks;
import beginibridge.support.BridgeProcess;
import beginibridge.support.Rows;
import beginibridge.support.TestKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The log check of {@link HostileInputIT} with the root logger raised to DEBUG and to TRACE, as an
 * operator chasing a fault would (LOG_LEVEL), since that is when libraries print what they were given: property
 * values, SQL parameters, HTTP headers and bodies. The packaged bridge runs on the proof rig with every secret it can
 * hold configured (API key, CRM token, admin token, database and SMTP passwords, payload encryption key, uid hash
 * key), and every path that uses one is taken: signed and badly signed webhooks, enrichment, the CRM with its token,
 * an authenticated SMTP login, encrypted storage, and the admin API reading a payload.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VerboseLogIT {

    private static final String SMTP_LOGIN = "bridge-mailer";

    @TempDir
    static Path workDir;

    /** In every uid and applicant name of this run, so in every payload, CRM request and mail. */
    private final String marker = "vx" + HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
    private final String smtpPassword = TestKeys.random();
    private final String uidHashKey = TestKeys.random();
    private final String encryptionKey = encryptionKey();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final Ledger ledger = new Ledger();
    private final Traffic traffic = new Traffic(ledger);
    private final Set<String> matched = new HashSet<>();
    private final List<String> signaturesSent = new ArrayList<>();
    private ProofRig rig;
    private String databasePassword;

    @BeforeAll
    void start() {
        rig = new ProofRig();
        rig.smtp.setUser(ProofRig.OPS_ADDRESS, SMTP_LOGIN, smtpPassword);
        // the test server trusts local connections when it is given no password, so any password reaches it
        databasePassword = rig.database.password().isEmpty() ? TestKeys.random() : rig.database.password();
    }

    @AfterAll
    void stop() throws SQLException {
        if (rig != null) {
            rig.close();
        }
    }

    @ParameterizedTest(name = "root logger at {0}")
    @ValueSource(strings = {"DEBUG", "TRACE"})
    void should_keep_keys_tokens_signatures_uids_and_payloads_out_of_the_log(String level) throws Exception {
        String log;
        long started = System.nanoTime();
        try (BridgeProcess bridge = BridgeProcess.start(workDir, level.toLowerCase(), environment(level))) {
            long ready = System.nanoTime();
            String firstEventId = sendEvents(bridge, level);
            sendSignatureInQuery(bridge, level);
            ledger.balance(rig, matched, 0, Duration.ofSeconds(30));
            readThroughAdminApi(bridge, firstEventId);
            log = bridge.output();
            System.out.printf("Verbose log at %s: ready in %.1f s, events delivered and read in %.1f s, %d lines%n",
                    level, (ready - started) / 1e9, (System.nanoTime() - ready) / 1e9, log.lines().count());
        }

        assertThat(log).as("the log was captured at " + level).contains("Webhook 200 accepted",
                "Webhook 403 forbidden", "uid#=");
        assertThat(log).as("lines at " + level).contains(" " + level + " ");
        assertThat(leaks(log)).as("lines holding a secret, signature, uid or payload text at " + level).isEmpty();
    }

    private Map<String, String> environment(String level) {
        Map<String, String> environment = rig.environment();
        environment.put("LOG_LEVEL", level);
        // every line written costs time: no attempt may time out and be made again
        environment.put("CRM_RESPONSE_TIMEOUT_MS", "10000");
        environment.put("SMTP_TIMEOUT_MS", "10000");
        environment.put("DELIVERY_LEASE", "30s");
        environment.put("DB_PASSWORD", databasePassword);
        environment.put("SMTP_USER", SMTP_LOGIN);
        environment.put("SMTP_PASSWORD", smtpPassword);
        // GreenMail here speaks no STARTTLS: the login in clear is allowed explicitly
        environment.put("SMTP_ALLOW_PLAIN_LOGIN", "true");
        environment.put("PAYLOAD_ENCRYPTION_KEYS", "2026-11=" + encryptionKey);
        environment.put("LOG_UID_HASH_KEY", uidHashKey);
        return environment;
    }

    /** The seven types for applicants with a record, one for an applicant without, one badly signed; its first id. */
    private String sendEvents(BridgeProcess bridge, String level) throws SQLException {
        Instant at = Instant.parse("2026-11-03T10:00:00Z");
        List<Webhook> webhooks = new ArrayList<>();
        for (String type : SampleWebhooks.TYPES) {
            String uid = "APP-" + marker + "-" + level + "-" + webhooks.size();
            addApplicant(uid);
            webhooks.add(Webhook.valid(type, uid, at, rig.apiKey));
        }
        webhooks.add(Webhook.valid("application.expired", "APP-" + marker + "-" + level + "-unknown", at,
                rig.apiKey));
        webhooks.add(Webhook.badlySigned("application.complete", "APP-" + marker + "-" + level + "-forged", at));
        List<Ledger.Answer> answers = new ArrayList<>();
        for (Webhook webhook : webhooks) {
            signaturesSent.add(webhook.signature());
            answers.add(traffic.send(bridge.webhookUri(), webhook));
        }
        return answers.get(0).eventId();
    }

    /** A caller may put a signature anywhere; one in the query string is refused, and must not be logged either. */
    private void sendSignatureInQuery(BridgeProcess bridge, String level) throws Exception {
        Webhook webhook = Webhook.valid("application.complete", "APP-" + marker + "-" + level + "-query",
                Instant.parse("2026-11-03T10:00:00Z"), rig.apiKey);
        signaturesSent.add(webhook.signature());
        HttpRequest request = HttpRequest.newBuilder(URI.create(bridge.webhookUri() + "?X-Signature="
                + webhook.signature())).header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(webhook.body())).build();
        assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
    }

    private void addApplicant(String uid) throws SQLException {
        Rows.execute(rig.database, "INSERT INTO applicant (integration_id, uid, internal_id, full_name, email, crm_id,"
                + " loan_officer_email) VALUES (?, ?, ?, ?, ?, ?, ?)", ProofRig.INTEGRATION, uid, "INT-" + uid,
                "Applicant " + uid, "applicant-" + marker + "@bridge.test", "CRM-" + uid, HostileInputIT.OFFICER);
        matched.add(uid);
    }

    private void readThroughAdminApi(BridgeProcess bridge, String eventId) throws Exception {
        for (String path : List.of("/admin/events?limit=5", "/admin/events/" + eventId + "?payload=true")) {
            HttpRequest request = HttpRequest.newBuilder(bridge.managementUri(path))
                    .header("Authorization", "Bearer " + rig.adminToken).timeout(Duration.ofSeconds(10)).build();
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(path).isEqualTo(200);
            assertThat(answer.body()).as(path).contains(marker);
        }
    }

    /** Each offending line, with what it holds named in place of the value, so the report repeats no secret. */
    private List<String> leaks(String log) {
        Map<String, String> needles = new LinkedHashMap<>();
        needles.put(rig.apiKey, "<api key>");
        needles.put(rig.crmToken, "<CRM token>");
        needles.put(rig.adminToken, "<admin token>");
        needles.put(databasePassword, "<database password>");
        needles.put(smtpPassword, "<SMTP password>");
        needles.put(encryptionKey, "<encryption key>");
        needles.put(uidHashKey, "<uid hash key>");
        // what SMTP AUTH LOGIN and AUTH PLAIN send
        needles.put(base64(smtpPassword), "<SMTP password, base64>");
        needles.put(base64("\0" + SMTP_LOGIN + "\0" + smtpPassword), "<SMTP login, base64>");
        signaturesSent.forEach(signature -> needles.put(signature, "<signature>"));
        needles.put(marker, "<uid, name or payload>");
        needles.put("application_started_at", "<payload field>");
        needles.put("\"uid\"", "<payload field>");
        List<String> leaks = new ArrayList<>();
        log.lines().filter(line -> needles.keySet().stream().anyMatch(line::contains)).forEach(line -> {
            String named = line;
            for (Map.Entry<String, String> needle : needles.entrySet()) {
                named = named.replace(needle.getKey(), needle.getValue());
            }
            leaks.add(named.length() > 300 ? named.substring(0, 300) + "..." : named);
        });
        return leaks;
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String encryptionKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
