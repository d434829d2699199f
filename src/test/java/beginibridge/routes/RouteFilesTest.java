package beginibridge.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;

/**
 * Every route file of the bridge, the editable ones (routes/) and the engine's (src/main/resources/engine/), is valid
 * for Camel's YAML DSL schema and stays stable when saved from the visual editor (RouteFileChecker says what that
 * takes). Each violation is listed with its file and path.
 */
class RouteFilesTest {

    static final List<Path> FOLDERS = List.of(Path.of("src/main/resources/engine"), Path.of("routes"));

    @Test
    void should_find_every_route_file_valid_and_stable_in_the_editor() throws IOException {
        Map<String, String> files = routeFiles();
        assertThat(files).as("route files found").containsKeys(
                "src/main/resources/engine/intake.camel.yaml", "routes/enrich.camel.yaml",
                "routes/routing-table.camel.yaml", "routes/to-crm.camel.yaml", "routes/to-email.camel.yaml",
                "routes/to-database.camel.yaml");

        List<RouteFileChecker.Violation> violations = RouteFileChecker.withCamelSchema().check(files);

        assertThat(violations).as("violations in the route files").isEmpty();
    }

    /** The schema wants a boolean where the intake once had the string "false": Camel reads both as off. */
    @Test
    void should_read_the_intake_route_as_not_caching_streams() throws Exception {
        Path intake = Path.of("src/main/resources/engine/intake.camel.yaml");
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            PluginHelper.getRoutesLoader(context)
                    .loadRoutes(ResourceHelper.fromString(intake.getFileName().toString(), Files.readString(intake)));

            assertThat(context.getRouteDefinition("begini-intake").getStreamCache()).isEqualTo("false");
        }
    }

    /** Path (relative to the project, with forward slashes) to text, of every *.camel.yaml in the folders. */
    static Map<String, String> routeFiles() throws IOException {
        Map<String, String> files = new TreeMap<>();
        for (Path folder : FOLDERS) {
            try (Stream<Path> paths = Files.walk(folder)) {
                for (Path file : paths.filter(path -> path.toString().endsWith(".camel.yaml")).toList()) {
                    files.put(file.toString().replace('\\', '/'), Files.readString(file));
                }
            }
        }
        return files;
    }
}
