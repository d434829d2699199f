package beginibridge.proof;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

import beginibridge.support.BridgeProcess;
import beginibridge.support.FreePorts;
import beginibridge.support.Rows;
import beginibridge.support.TestDatabase;
import beginibridge.support.TestKeys;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.Extension;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * What the proof suites run the packaged bridge against: a fresh PostgreSQL schema, a CRM stub (WireMock) answering
 * 200 and an SMTP server (GreenMail), all on 127.0.0.1, and the secrets the processes get in their environment.
 */
final class ProofRig implements AutoCloseable {

    static final String INTEGRATION = "00000000000000000001";
    static final String CRM_PATH = "/crm/events";
    static final String OPS_ADDRESS = "ops@bridge.test";

    final String apiKey = TestKeys.random();
    final String crmToken = TestKeys.random();
    final String adminToken = TestKeys.random();
    final TestDatabase database = TestDatabase.postgres();
    final WireMockServer crm;
    private final int smtpPort = FreePorts.next();
    /** Replaced by {@link #replaceSmtp()}: the server the mails are counted on. */
    volatile GreenMail smtp = new GreenMail(smtpSetup());

    /** A rig whose CRM stub runs these WireMock extensions, such as a transformer that injects faults. */
    ProofRig(Extension... crmExtensions) {
        crm = new WireMockServer(options().port(FreePorts.next()).bindAddress("127.0.0.1").containerThreads(40)
                .extensions(crmExtensions));
        crm.start();
        crm.stubFor(post(urlEqualTo(CRM_PATH)).willReturn(aResponse().withStatus(200).withBody("{}")));
        smtp.start();
    }

    /** The environment of a bridge process on this rig, with pollers and backoff fast enough for a test. */
    Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>(BridgeProcess.settings(apiKey, database));
        environment.put("CRM_URL", "http://127.0.0.1:" + crm.port() + CRM_PATH);
        environment.put("CRM_TOKEN", crmToken);
        environment.put("CRM_CONNECT_TIMEOUT_MS", "1000");
        // well above the slowest normal answer of a stub starved of CPU, so slowness is not turned into a retry
        environment.put("CRM_RESPONSE_TIMEOUT_MS", "5000");
        environment.put("SMTP_HOST", "127.0.0.1");
        environment.put("SMTP_PORT", String.valueOf(smtpPort));
        environment.put("SMTP_TIMEOUT_MS", "2000");
        environment.put("MAIL_FROM", "bridge@bridge.test");
        environment.put("MAIL_TO", OPS_ADDRESS);
        environment.put("ADMIN_TOKEN", adminToken);
        environment.put("DISPATCH_POLL_INTERVAL", "250");
        environment.put("DELIVERY_INITIAL_BACKOFF", "300ms");
        environment.put("DELIVERY_MAX_BACKOFF", "2s");
        environment.put("DELIVERY_MAX_ATTEMPTS", "30");
        // longer than the longest attempt (connect + response, twice the SMTP timeout), short enough that a killed
        // instance's claims are taken over within a test
        environment.put("DELIVERY_LEASE", "8s");
        return environment;
    }

    BridgeProcess start(Path workDir, String name) {
        return BridgeProcess.start(workDir, name, environment());
    }

    /** An internal record for the uid, so that its CRM delivery is matched and its mail goes to its officer. */
    void addApplicant(String uid) throws SQLException {
        Rows.execute(database, "INSERT INTO applicant (integration_id, uid, internal_id, full_name, email, crm_id,"
                + " loan_officer_email) VALUES (?, ?, ?, ?, ?, ?, ?)", INTEGRATION, uid, "INT-" + uid,
                "Applicant " + uid, null, "CRM-" + uid, "officer@bridge.test");
    }

    /** A new, empty SMTP server on the port of the stopped one: an SMTP outage that ends. */
    void replaceSmtp() {
        smtp.stop();
        smtp = new GreenMail(smtpSetup());
        smtp.start();
    }

    private ServerSetup smtpSetup() {
        return new ServerSetup(smtpPort, "127.0.0.1", "smtp");
    }

    /** The secrets no log line may contain. */
    java.util.List<String> secrets() {
        return java.util.List.of(apiKey, crmToken, adminToken);
    }

    @Override
    public void close() throws SQLException {
        crm.stop();
        smtp.stop();
        database.close();
    }
}
