package beginibridge.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Whether a database's schema is already current, told without Flyway: Flyway's work on a current schema (loading
 * itself, scanning and validating every migration, taking its lock) is a large part of a start, and most starts find
 * nothing to do. The schema counts as current only when Flyway's history names every versioned migration on the
 * classpath, its newest applied version is the newest there, and it records no failed or deleted migration. Anything
 * else, or anything this cannot read with certainty (no history table, a migration file or location of another kind),
 * leaves the decision to Flyway.
 */
final class CurrentSchema {

    /** Flyway's default naming: V, the version (digits, dots or underscores), two underscores, a description. */
    private static final Pattern VERSIONED = Pattern.compile("V(\\d[\\d._]*)__[^/]*\\.sql");
    private static final String CLASSPATH = "classpath:";

    private CurrentSchema() {
    }

    /**
     * The schema version the database has when it is current for the migrations at {@code locations} (Flyway
     * {@code classpath:} locations); empty when it is not, or when that cannot be told without Flyway.
     */
    static Optional<String> version(Connection connection, String[] locations) {
        try {
            Optional<List<String>> available = versionsAt(locations);
            if (available.isEmpty() || available.get().isEmpty()) {
                return Optional.empty();
            }
            List<String> applied = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                    ResultSet history = statement.executeQuery("SELECT \"version\", \"type\", \"success\" FROM "
                            + quoted(connection.getSchema()) + ".\"flyway_schema_history\"")) {
                while (history.next()) {
                    if (!history.getBoolean("success") || "DELETE".equals(history.getString("type"))) {
                        return Optional.empty();
                    }
                    if (history.getString("version") != null) {
                        applied.add(history.getString("version"));
                    }
                }
            }
            String newest = Collections.max(available.get(), CurrentSchema::compare);
            boolean current = !applied.isEmpty()
                    && compare(Collections.max(applied, CurrentSchema::compare), newest) == 0
                    && available.get().stream().allMatch(version -> applied.stream()
                            .anyMatch(done -> compare(done, version) == 0));
            return current ? Optional.of(newest) : Optional.empty();
        } catch (SQLException | UncheckedIOException | IOException | URISyntaxException notReadable) {
            return Optional.empty();
        }
    }

    /**
     * The versions of the migrations at these locations; empty when one of them holds anything else, such as a
     * repeatable migration or a sub-folder (Flyway looks into those too).
     */
    static Optional<List<String>> versionsAt(String[] locations) throws IOException, URISyntaxException {
        List<String> versions = new ArrayList<>();
        for (String location : locations) {
            if (!location.startsWith(CLASSPATH)) {
                return Optional.empty();
            }
            String folder = location.substring(CLASSPATH.length()).replaceAll("^/+|/+$", "");
            Enumeration<URL> found = CurrentSchema.class.getClassLoader().getResources(folder);
            while (found.hasMoreElements()) {
                for (String name : namesIn(found.nextElement(), folder)) {
                    Matcher versioned = VERSIONED.matcher(name);
                    if (!versioned.matches()) {
                        return Optional.empty();
                    }
                    versions.add(versioned.group(1));
                }
            }
        }
        return Optional.of(versions);
    }

    /** The names of what a folder holds directly (a sub-folder's name ends with a slash). */
    private static List<String> namesIn(URL folder, String path) throws IOException, URISyntaxException {
        if (folder.getProtocol().equals("file")) {
            try (Stream<Path> entries = Files.list(Path.of(folder.toURI()))) {
                return entries.map(entry -> entry.getFileName() + (Files.isDirectory(entry) ? "/" : "")).toList();
            }
        }
        URLConnection connection = folder.openConnection();
        if (!(connection instanceof JarURLConnection jar)) {
            throw new IOException("Cannot list " + folder);
        }
        jar.setUseCaches(false);
        String prefix = path + "/";
        List<String> names = new ArrayList<>();
        try (JarFile file = jar.getJarFile()) {
            for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements(); ) {
                String name = entries.nextElement().getName();
                if (name.startsWith(prefix) && name.length() > prefix.length()) {
                    String rest = name.substring(prefix.length());
                    int slash = rest.indexOf('/');
                    names.add(slash < 0 ? rest : rest.substring(0, slash + 1));
                }
            }
        }
        return names.stream().distinct().toList();
    }

    /** Flyway's order of versions: numeric parts from the left, dots and underscores alike, 1.0 the same as 1. */
    static int compare(String left, String right) {
        List<BigInteger> a = parts(left);
        List<BigInteger> b = parts(right);
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            BigInteger x = i < a.size() ? a.get(i) : BigInteger.ZERO;
            int order = x.compareTo(i < b.size() ? b.get(i) : BigInteger.ZERO);
            if (order != 0) {
                return order;
            }
        }
        return 0;
    }

    private static List<BigInteger> parts(String version) {
        return Stream.of(version.split("[._]+")).filter(part -> !part.isEmpty()).map(BigInteger::new).toList();
    }

    private static String quoted(String identifier) throws SQLException {
        if (identifier == null) {
            throw new SQLException("No current schema");
        }
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
