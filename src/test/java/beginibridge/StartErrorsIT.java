package beginibridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import beginibridge.support.BridgeProcess;
import beginibridge.support.FreePorts;
import beginibridge.support.TestKeys;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mistakes of README, Troubleshooting, made on the packaged jar: each stops the start with exit code 1 and exactly
 * one ERROR line naming the setting and the fix, no stack trace, and no secret it was given.
 */
class StartErrorsIT {

    /** Stands in for every secret a test hands the bridge: it must appear nowhere in the output. */
    final String secret = TestKeys.random();

    @TempDir
    Path workDir;

    @Test
    void should_refuse_a_crm_url_without_scheme() throws Exception {
        assertRefused(Map.of("CRM_URL", "localhost:9999/crm?token=" + secret),
                "crm.url has no http:// or https:// scheme and host (it starts with 'localhost:'); write it as"
                        + " https://host[:port]/path");
    }

    @Test
    void should_refuse_api_keys_separated_by_semicolons() throws Exception {
        assertRefused(Map.of("BEGINI_API_KEYS", "00000000000000000001=" + secret + ";00000000000000000002=" + secret),
                "begini.api-keys holds a ';'; separate the integrationId=apiKey entries with commas");
    }

    @Test
    void should_refuse_api_keys_with_an_empty_entry() throws Exception {
        assertRefused(Map.of("BEGINI_API_KEYS", "00000000000000000001=" + secret + ",,"),
                "begini.api-keys entry 2 is empty");
    }

    @Test
    void should_refuse_a_libpq_database_url_with_a_hint() throws Exception {
        assertRefused(Map.of("DB_URL", "postgres://bridge:" + secret + "@127.0.0.1:5432/begini"),
                "db.url is a postgres:// URL, which JDBC does not read; write it as"
                        + " jdbc:postgresql://host:5432/database");
    }

    @Test
    void should_refuse_a_database_the_jar_has_no_driver_for() throws Exception {
        assertRefused(Map.of("DB_URL", "jdbc:mysql://127.0.0.1/begini?password=" + secret),
                "db.url names a database the jar has no driver for ('jdbc:mysql:')");
    }

    @Test
    void should_refuse_a_database_that_cannot_be_reached() throws Exception {
        assertRefused(Map.of("DB_URL", "jdbc:postgresql://127.0.0.1:" + FreePorts.next() + "/begini",
                "DB_USER", "bridge", "DB_PASSWORD", secret),
                "db.url names a database that cannot be used: Connection to 127.0.0.1:");
    }

    @Test
    void should_name_the_table_enrich_sql_reads_that_is_not_there() throws Exception {
        assertRefused(Map.of("ENRICH_SQL", "SELECT crm_id FROM applicants WHERE uid = :#uid"),
                "enrich.sql cannot be prepared against the database: Table \"APPLICANTS\" not found");
    }

    @Test
    void should_refuse_a_templates_dir_without_the_routed_templates() throws Exception {
        Files.createDirectories(workDir.resolve("templates/crm"));
        assertRefused(Map.of("TEMPLATES_DIR", workDir.resolve("templates").toString(),
                "CRM_URL", "http://127.0.0.1:9/crm"),
                "templates.dir has no usable template crm/");
    }

    @Test
    void should_refuse_a_routing_table_naming_a_destination_without_a_route() throws Exception {
        Path routes = Files.createDirectories(workDir.resolve("routes"));
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.toList()) {
                Files.copy(file, routes.resolve(file.getFileName()));
            }
        }
        Path table = routes.resolve("routing-table.camel.yaml");
        Files.writeString(table, Files.readString(table).replace("constant: database,crm,email",
                "constant: database,crm,emial"));
        assertRefused(Map.of("CAMEL_MAIN_ROUTES_INCLUDE_PATTERN",
                "classpath:engine/*.camel.yaml,file:" + routes + "/*.camel.yaml"),
                "routing table (route-event) sends events to destination 'emial', which has no route");
    }

    @Test
    void should_refuse_a_size_out_of_range() throws Exception {
        assertRefused(Map.of("DELIVERY_WORKERS", "0"), "delivery.workers must be at least 1, not 0");
    }

    @Test
    void should_refuse_a_duration_it_cannot_read() throws Exception {
        assertRefused(Map.of("DISPATCH_POLL_INTERVAL", "soon"),
                "dispatch.poll-interval 'soon' is not a duration such as 500ms, 2s, 10m or 1h");
    }

    @Test
    void should_write_a_fatal_start_error_as_one_json_line_with_log_format_json() throws Exception {
        Run run = run(Map.of("LOG_FORMAT", "json", "CRM_URL", "localhost:9999/crm"));

        assertThat(run.exitCode()).isEqualTo(1);
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = run.output().lines().map(line -> read(json, line)).toList();
        assertThat(lines).filteredOn(line -> line.path("level").asText().equals("ERROR")).singleElement()
                .satisfies(error -> {
                    assertThat(error.path("message").asText()).contains("crm.url has no http://");
                    assertThat(error.has("stack_trace")).isFalse();
                });
    }

    private void assertRefused(Map<String, String> settings, String expected) throws Exception {
        Run run = run(settings);

        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        List<String> errors = run.output().lines().filter(line -> line.contains(" ERROR ")).toList();
        assertThat(errors).as(run.output()).singleElement().asString()
                .contains("The bridge did not start: " + expected);
        assertThat(run.output()).as("no stack trace").doesNotContain("\tat ").doesNotContain("Caused by")
                .doesNotContain("Exception in thread");
        assertThat(run.output()).as("no secret").doesNotContain(secret);
    }

    private record Run(int exitCode, String output) {
    }

    private Run run(Map<String, String> settings) throws IOException, InterruptedException {
        Path log = workDir.resolve("bridge.log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", BridgeProcess.jar().toString())
                .directory(workDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(variable -> variable.matches(
                "(BEGINI|DB|CRM|SMTP|MAIL|HTTP|MANAGEMENT|ADMIN|DISPATCH|DELIVERY|RETENTION|PAYLOAD|ENRICH|LOG|CAMEL"
                        + "|TEMPLATES)_.*"));
        Map<String, String> environment = new HashMap<>(Map.of("HTTP_PORT", String.valueOf(FreePorts.next()),
                "MANAGEMENT_PORT", String.valueOf(FreePorts.next())));
        environment.putAll(settings);
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the bridge did not stop; it wrote:\n" + Files.readString(log));
        }
        return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private static JsonNode read(ObjectMapper json, String line) {
        try {
            return json.readTree(line);
        } catch (IOException notJson) {
            throw new AssertionError("not a JSON line: " + line, notJson);
        }
    }
}
