package beginibridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import beginibridge.cli.CliTest.Result;
import beginibridge.db.MigratedDataSource;
import beginibridge.support.ConfigCopy;
import beginibridge.support.FreePorts;
import beginibridge.support.Rows;
import beginibridge.support.TestDatabase;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * {@code preview} against a migrated database with an internal record, and a CRM (WireMock) and an SMTP server
 * (GreenMail) that are configured and running: it shows the routing, the record and the rendered payload and mail,
 * and neither server hears from it, nor does the inbox get a row.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PreviewContract {

    private final WireMockServer crm = new WireMockServer(options().port(FreePorts.next()).bindAddress("127.0.0.1"));
    private final GreenMail smtp = new GreenMail(new ServerSetup(FreePorts.next(), "127.0.0.1", "smtp"));
    private TestDatabase database;

    @TempDir
    Path dir;

    protected abstract TestDatabase createDatabase();

    @BeforeAll
    void startEverything() throws Exception {
        crm.start();
        smtp.start();
        database = createDatabase();
        try (MigratedDataSource pool = new MigratedDataSource(database.url(), database.user(), database.password(), 4,
                3000)) {
            pool.migrate();
        }
        Rows.execute(database, "INSERT INTO applicant (integration_id, uid, internal_id, full_name, email, crm_id,"
                + " loan_officer_email) VALUES (?, ?, ?, ?, ?, ?, ?)", "00000000000000000001", "APP-PREVIEW",
                "CUST-PREVIEW", "Pat Preview", "pat@bridge.test", "CRM-PREVIEW", "officer.preview@bridge.test");
    }

    @AfterAll
    void stopEverything() throws Exception {
        crm.stop();
        smtp.stop();
        database.close();
    }

    @Test
    void should_show_the_routing_the_record_and_what_would_be_sent_and_send_nothing() throws Exception {
        Result preview = preview("--type", "application.expired", "--uid", "APP-PREVIEW",
                "--set", "event.details.percentage_completed=\"0.5\"");

        assertThat(preview.exitCode()).as(preview.err()).isZero();
        assertThat(preview.out()).contains("event: application.expired, uid APP-PREVIEW, integration "
                + "00000000000000000001", "routing: database, crm, email", "  database: on", "  crm: on",
                "  email: on", "enrichment: {internal_id=CUST-PREVIEW, full_name=Pat Preview",
                "--- CRM payload (templates/crm/status.json.mustache), status \"assessment expired\"",
                "\"crm_id\": \"CRM-PREVIEW\"", "\"percentage_completed_text\": \"50 %\"",
                "--- mail (templates/email/journey-ended.*)", "To: officer.preview@bridge.test",
                "Subject: Begini assessment expired: Pat Preview (CUST-PREVIEW)",
                "The Begini assessment of Pat Preview (internal id CUST-PREVIEW) expired.",
                "Completed: 50 % of the assessment.");
        assertThat(crm.getAllServeEvents()).isEmpty();
        assertThat(smtp.getReceivedMessages()).isEmpty();
        assertThat(Rows.query(database, "SELECT id FROM begini_event")).isEmpty();
        assertThat(Rows.query(database, "SELECT id FROM begini_delivery")).isEmpty();
    }

    @Test
    void should_say_that_a_destination_is_off_and_that_no_record_matches() throws Exception {
        Result preview = CliTest.cli(with(List.of("preview", "--type", "application.cancelled", "--uid",
                "APP-NOBODY", "--setting", "mail.to=ops@bridge.test"), false));

        assertThat(preview.exitCode()).as(preview.err()).isZero();
        assertThat(preview.out()).contains("  crm: off (its settings are not given): the delivery would be"
                + " recorded as skipped", "  email: off", "enrichment: no internal record matches this uid and"
                + " integration", "--- CRM: no internal record, so the delivery would be unmatched and nothing sent",
                "To: ops@bridge.test", "an applicant with no matching internal record was cancelled.",
                "- Denied the terms and conditions");
    }

    @Test
    void should_follow_edited_routes_and_templates_and_name_a_destination_that_does_not_exist() throws Exception {
        Path config = ConfigCopy.ofRoutesAndTemplates();
        ConfigCopy.edit(config.resolve("routes/routing-table.camel.yaml"), "id: journey-complete",
                "constant: database,crm", "constant: database,crm,emial");
        ConfigCopy.edit(config.resolve("templates/crm/status.json.mustache"), "{", "\"source\": \"begini\",",
                "\"source\": \"begini\",\n  \"lender_stage\": \"assessed\",");

        Result preview = preview("--type", "application.complete", "--uid", "APP-PREVIEW",
                "--routes", ConfigCopy.routesIncludePattern(config),
                "--setting", "templates.dir=" + config.resolve("templates"));

        assertThat(preview.exitCode()).isEqualTo(1);
        assertThat(preview.out()).contains("routing: database, crm, emial", "  emial: no such destination (no route"
                + " direct:to-emial): the bridge would fail this event; the destinations are [crm, database, email]",
                "\"lender_stage\": \"assessed\"", "\"status\": \"assessment completed\"");
    }

    @Test
    void should_say_what_the_intake_would_answer_to_a_body_it_refuses() throws Exception {
        Path body = Files.writeString(dir.resolve("body.json"),
                "{\"integration_id\":\"00000000000000000001\",\"event\":{\"type\":\"application.complete\","
                        + "\"details\":{}}}");

        Result preview = preview("--file", body.toString());

        assertThat(preview.exitCode()).isEqualTo(1);
        assertThat(preview.out()).isEqualTo("The bridge would refuse this body (400): {\"detail\":\"Missing or"
                + " invalid field: uid (1-128 visible characters are required)\"}" + System.lineSeparator());
    }

    @Test
    void should_say_why_the_record_was_not_looked_up_and_create_no_database() throws Exception {
        Path missing = dir.resolve("no-database");

        Result preview = CliTest.cli("preview", "--type", "application.expired", "--uid", "APP-PREVIEW",
                "--setting", "db.url=jdbc:h2:file:" + missing, "--setting", "db.user=sa",
                "--setting", "db.password=");

        assertThat(preview.out()).containsPattern("enrichment: not looked up: Database .*no-database.* not found");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void should_say_that_an_unknown_type_goes_nowhere() throws Exception {
        Result preview = preview("--type", "application.expired", "--uid", "APP-PREVIEW",
                "--set", "event.type=application.archived");

        assertThat(preview.exitCode()).isZero();
        assertThat(preview.out()).contains("routing: no destination; the event would be stored as unrouted");
    }

    private Result preview(String... args) {
        List<String> all = new ArrayList<>(List.of("preview"));
        all.addAll(List.of(args));
        return CliTest.cli(with(all, true));
    }

    /** The arguments with this test's database, and the CRM and SMTP server when {@code destinations}. */
    private String[] with(List<String> args, boolean destinations) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("--setting", "db.url=" + database.url(), "--setting", "db.user=" + database.user(),
                "--setting", "db.password=" + database.password()));
        if (destinations) {
            all.addAll(List.of("--setting", "crm.url=http://127.0.0.1:" + crm.port() + "/crm/events",
                    "--setting", "smtp.host=127.0.0.1", "--setting", "smtp.port=" + smtp.getSmtp().getPort()));
        }
        return all.toArray(String[]::new);
    }
}
