package beginibridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What `package` builds to copy elsewhere: the distribution archive, unpacked in a folder of its own, runs with
 * {@code java -jar} from another folder, Camel, the YAML routes, the templates and H2 found in it alone.
 */
class DistributionArchiveIT {

    @TempDir
    Path unpacked;

    @TempDir
    Path elsewhere;

    @Test
    void should_run_the_jar_of_the_unpacked_archive_from_any_folder() throws Exception {
        Path archive = Path.of(System.getProperty("app.archive", "target/begini-bridge.zip")).toAbsolutePath();
        List<String> names = unzip(archive, unpacked);
        Path jar;
        try (var found = Files.find(unpacked, 2, (path, attributes) -> path.endsWith("begini-bridge.jar"))) {
            jar = found.findFirst().orElseThrow();
        }

        Process preview = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "preview", "--type", "application.expired", "--uid", "APP-2026-0005",
                "--setting", "mail.to=ops@example.com")
                .directory(elsewhere.toFile()).redirectErrorStream(true).start();
        String output = new String(preview.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(preview.waitFor(120, TimeUnit.SECONDS)).isTrue();

        assertThat(preview.exitValue()).as(output).isZero();
        assertThat(output).contains("routing: database, crm, email", "Subject: Begini assessment expired",
                "Completed: 33 % of the assessment.");
        assertThat(names).anyMatch(name -> name.matches("[^/]+/lib/camel-main-.*\\.jar"))
                .anyMatch(name -> name.endsWith("/routes/routing-table.camel.yaml"))
                .anyMatch(name -> name.endsWith("/templates/crm/status-nested.json.mustache"));
    }

    private static List<String> unzip(Path archive, Path into) throws IOException {
        List<String> names = new java.util.ArrayList<>();
        try (InputStream in = Files.newInputStream(archive); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("entry outside the folder: " + entry.getName());
                }
                names.add(entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(zip, target);
                }
            }
        }
        return names;
    }
}
