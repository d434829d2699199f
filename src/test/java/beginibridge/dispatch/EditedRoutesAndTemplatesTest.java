package beginibridge.dispatch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import beginibridge.support.Deliveries;
import beginibridge.support.DispatchTestSupport;
import beginibridge.support.TestDatabase;
import com.github.tomakehurst.wiremock.client.WireMock;
import org.junit.jupiter.api.Test;

/**
 * Routes and templates read from folders outside the jar (as from a mounted ConfigMap), edited the way the README
 * shows: application.complete also emailed, and a field added to the CRM status payload. No Java, no rebuild.
 */
class EditedRoutesAndTemplatesTest extends DispatchTestSupport {

    final Path config = copyOfRoutesAndTemplates();

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.h2();
    }

    @Override
    protected Map<String, String> moreSettings() {
        return Map.of("camel.main.routes-include-pattern", "file:" + config.resolve("routes") + "/*.camel.yaml",
                "templates.dir", config.resolve("templates").toString());
    }

    @Test
    void should_follow_the_edited_routing_table_and_template() throws Exception {
        crm.stubFor(WireMock.post(urlEqualTo("/crm/events")).willReturn(aResponse().withStatus(200)));
        addApplicant("APP-EDIT", "CUST-EDIT", "Edit Test", "CRM-EDIT", "officer.edit@bridge.test");

        String eventId = deliver(webhook("APP-EDIT", "application.complete", "{\"application_completed_at\":1}"));

        assertThat(settled(eventId)).extracting(Deliveries.Row::destination, Deliveries.Row::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("crm", "done"),
                        org.assertj.core.groups.Tuple.tuple("database", "done"),
                        org.assertj.core.groups.Tuple.tuple("email", "done"));
        assertThat(smtp.getReceivedMessages()).hasSize(1);
        assertThat(crm.getAllServeEvents()).singleElement()
                .satisfies(event -> assertThat(event.getRequest().getBodyAsString())
                        .contains("\"lender_stage\": \"assessed\""));
    }

    private static Path copyOfRoutesAndTemplates() {
        try {
            Path dir = Files.createTempDirectory("bridge-config");
            for (String folder : new String[] {"routes", "templates"}) {
                try (Stream<Path> files = Files.walk(Path.of(folder))) {
                    for (Path file : files.filter(Files::isRegularFile).toList()) {
                        Path target = dir.resolve(file.toString());
                        Files.createDirectories(target.getParent());
                        Files.copy(file, target);
                    }
                }
            }
            edit(dir.resolve("routes/dispatch.camel.yaml"), "id: journey-complete", "constant: database,crm",
                    "constant: database,crm,email");
            edit(dir.resolve("templates/crm/status.json.mustache"), "{", "\"source\": \"begini\",",
                    "\"source\": \"begini\",\n  \"lender_stage\": \"assessed\",");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces the first {@code from} after {@code anchor} by {@code to}. */
    private static void edit(Path file, String anchor, String from, String to) throws IOException {
        String text = Files.readString(file);
        int at = text.indexOf(from, text.indexOf(anchor));
        assertThat(text.indexOf(anchor)).as("%s in %s", anchor, file).isNotNegative();
        Files.writeString(file, text.substring(0, at) + to + text.substring(at + from.length()));
    }
}
