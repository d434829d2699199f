package beginibridge.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** A copy of the project's routes/ and templates/ in a folder of its own, as a mounted ConfigMap, to edit. */
public final class ConfigCopy {

    private ConfigCopy() {
    }

    /** A new folder under target/ (gone with a clean) holding routes/ and templates/ as they are in the project. */
    public static Path ofRoutesAndTemplates() {
        try {
            Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "bridge-config");
            for (String folder : new String[] {"routes", "templates"}) {
                try (Stream<Path> files = Files.walk(Path.of(folder))) {
                    for (Path file : files.filter(Files::isRegularFile).toList()) {
                        Path target = dir.resolve(file.toString());
                        Files.createDirectories(target.getParent());
                        Files.copy(file, target);
                    }
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The routes include pattern of a bridge reading its editable routes from the copy: the engine's from the class
     * path, as always, then those of the copy's routes/ (application.properties, camel.main.routes-include-pattern).
     */
    public static String routesIncludePattern(Path dir) {
        return "classpath:engine/*.camel.yaml,file:" + dir.resolve("routes") + "/*.camel.yaml";
    }

    /** Replaces the first {@code from} after {@code anchor} by {@code to}, as an engineer's edit would. */
    public static void edit(Path file, String anchor, String from, String to) {
        try {
            String text = Files.readString(file);
            int start = text.indexOf(anchor);
            int at = start < 0 ? -1 : text.indexOf(from, start);
            if (at < 0) {
                throw new IllegalArgumentException("no '" + from + "' after '" + anchor + "' in " + file);
            }
            Files.writeString(file, text.substring(0, at) + to + text.substring(at + from.length()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The README's example: application.complete emailed too, and a lender_stage field in the CRM status payload. */
    public static void applyReadmeEdit(Path dir) {
        edit(dir.resolve("routes/routing-table.camel.yaml"), "id: journey-complete", "constant: database,crm",
                "constant: database,crm,email");
        edit(dir.resolve("templates/crm/status.json.mustache"), "{", "\"source\": \"begini\",",
                "\"source\": \"begini\",\n  \"lender_stage\": \"assessed\",");
    }
}
