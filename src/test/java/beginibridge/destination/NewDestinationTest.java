package beginibridge.destination;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import beginibridge.support.ConfigCopy;
import beginibridge.support.Deliveries;
import beginibridge.support.DispatchTestSupport;
import beginibridge.support.FreePorts;
import beginibridge.support.TestDatabase;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A fourth destination added the way the README says, with no Java: one route file (to-backup-crm.camel.yaml, a
 * second CRM), one routing-table edit and its setting. The bridge gives it workers, retries it, counts it; a second
 * new destination whose setting is left empty is off, and its deliveries are skipped.
 */
class NewDestinationTest extends DispatchTestSupport {

    private static final String BACKUP_ROUTE = """
            - route:
                id: to-backup-crm
                autoStartup: "{{configured:backup-crm.url}}"
                routeConfigurationId: delivery-errors
                from:
                  id: to-backup-crm-in
                  uri: direct:to-backup-crm
                  steps:
                    - to:
                        id: backup-crm-describe-event
                        uri: direct:describe-event
                    - bean:
                        id: render-backup-crm-payload
                        ref: templates
                        method: crmPayload
                    - removeHeaders:
                        id: backup-crm-no-inbound-headers
                        pattern: "*"
                    - setHeader:
                        id: backup-crm-content-type
                        name: Content-Type
                        constant: application/json
                    - toD:
                        id: post-to-backup-crm
                        uri: "${properties:backup-crm.url}"
                        parameters:
                          httpMethod: POST
                          throwExceptionOnFailure: "true"
                    - removeHeaders:
                        id: backup-crm-drop-response-headers
                        pattern: "*"
            """;

    /** A destination whose setting is not given: off, as to-crm is without crm.url. */
    private static final String ARCHIVE_ROUTE = """
            - route:
                id: to-archive
                autoStartup: "{{configured:archive.url}}"
                routeConfigurationId: delivery-errors
                from:
                  id: to-archive-in
                  uri: direct:to-archive
                  steps:
                    - toD:
                        id: post-to-archive
                        uri: "${properties:archive.url}"
            """;

    private final WireMockServer backup = new WireMockServer(options().port(FreePorts.next()).bindAddress("127.0.0.1"));
    private final Path config = configWithNewDestinations();

    NewDestinationTest() {
        backup.start();
    }

    @AfterEach
    void stopBackup() {
        backup.stop();
    }

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.h2();
    }

    @Override
    protected Map<String, String> moreSettings() {
        return Map.of("camel.main.routes-include-pattern", ConfigCopy.routesIncludePattern(config),
                "backup-crm.url", "http://127.0.0.1:" + backup.port() + "/backup/events",
                "archive.url", "",
                "metrics.backlog-interval", "200");
    }

    @Test
    void should_deliver_retry_and_count_a_destination_added_by_a_route_file() throws Exception {
        crm.stubFor(WireMock.post(urlEqualTo("/crm/events")).willReturn(aResponse().withStatus(200)));
        backup.stubFor(WireMock.post(urlEqualTo("/backup/events")).inScenario("backup")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(503))
                .willSetStateTo("recovered"));
        backup.stubFor(WireMock.post(urlEqualTo("/backup/events")).inScenario("backup")
                .whenScenarioStateIs("recovered").willReturn(aResponse().withStatus(200)));
        addApplicant("APP-NEW-1", "CUST-NEW", "New Destination", "CRM-NEW", null);

        String eventId = deliver(event("APP-NEW-1", "application.expired", "{\"application_expired_at\":1795000900}",
                null));

        assertThat(settled(eventId)).extracting(Deliveries.Row::destination, Deliveries.Row::status,
                Deliveries.Row::attempts).containsExactlyInAnyOrder(
                        tuple("archive", "skipped", 0),
                        tuple("backup-crm", "done", 2),
                        tuple("crm", "done", 1),
                        tuple("database", "done", 1),
                        tuple("email", "done", 1));
        backup.verify(2, postRequestedFor(urlEqualTo("/backup/events")));
        assertThat(backup.getAllServeEvents()).first().satisfies(served -> assertThat(served.getRequest()
                .getBodyAsString()).contains("\"status\": \"assessment expired\"").contains("\"crm_id\": \"\""));
        UUID backupDelivery = Deliveries.ofEvent(database(), eventId).stream()
                .filter(row -> row.destination().equals("backup-crm")).findFirst().orElseThrow().id();
        assertThat(Deliveries.attempts(database(), backupDelivery)).hasSize(2);

        String page = eventually().until(() -> management("/observe/metrics").body(), text ->
                value(text, "begini_delivery_attempts_total{destination=\"backup-crm\",outcome=\"done\"}") == 1.0
                        && value(text, "begini_deliveries_pending{destination=\"backup-crm\"}") == 0.0);
        assertThat(value(page, "begini_delivery_attempts_total{destination=\"backup-crm\",outcome=\"retry\"}"))
                .isEqualTo(1.0);
        assertThat(value(page, "begini_deliveries_dead{destination=\"backup-crm\"}")).isZero();
        assertThat(context().getRoute("backup-crm-workers")).as("workers of the new destination").isNotNull();
    }

    private static Path configWithNewDestinations() {
        Path dir = ConfigCopy.ofRoutesAndTemplates();
        try {
            Files.writeString(dir.resolve("routes/to-backup-crm.camel.yaml"), BACKUP_ROUTE);
            Files.writeString(dir.resolve("routes/to-archive.camel.yaml"), ARCHIVE_ROUTE);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        ConfigCopy.edit(dir.resolve("routes/routing-table.camel.yaml"), "id: journey-ended",
                "constant: database,crm,email", "constant: database,crm,email,backup-crm,archive");
        return dir;
    }

    /** The value of one series; absent reads as NaN, so a comparison with it fails. */
    private static double value(String page, String series) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(page);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : Double.NaN;
    }
}
