package beginibridge.settings;

import java.net.URI;
import java.net.URISyntaxException;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The checks of the settings that need nothing but their values, made before anything starts, so that a mistyped URL,
 * JDBC URL, duration or size stops the start with one line instead of failing every delivery later. A value that may
 * hold a secret (a URL's path or query, a JDBC URL's parameters) is never repeated in the message.
 */
public final class SettingChecks {

    /** Durations checked for form and range: the longest any of them sensibly is. */
    private static final Duration LONGEST = Duration.ofDays(30);
    private static final String[] DURATIONS = {"begini.max-future-skew", "http.idle-timeout", "http.request-timeout",
        "db.inbox-write-timeout", "dispatch.poll-interval", "delivery.initial-backoff", "delivery.max-backoff",
        "delivery.lease", "retention.interval", "metrics.backlog-interval"};

    /** A whole-number setting and its range. */
    private record Size(String name, long min, long max) {
    }

    private static final Size[] SIZES = {
        new Size("http.port", 1, 65535), new Size("management.port", 1, 65535), new Size("smtp.port", 1, 65535),
        new Size("begini.max-body-bytes", 1, 1L << 30), new Size("http.max-connections", 1, 1_000_000),
        new Size("http.max-buffered-body-bytes", 1, 1L << 40), new Size("db.pool-size", 1, 1000),
        new Size("db.connection-timeout-ms", 250, 600_000), new Size("db.inbox-batch-size", 1, 5000),
        new Size("delivery.max-attempts", 1, 1000), new Size("delivery.workers", 1, 1000),
        new Size("delivery.batch-size", 1, 100_000), new Size("delivery.queue-size", 1, 10_000_000),
        new Size("delivery.max-rendered-bytes", 1, 1L << 30), new Size("crm.connect-timeout-ms", 1, 600_000),
        new Size("crm.response-timeout-ms", 1, 3_600_000), new Size("smtp.timeout-ms", 1, 3_600_000)};

    private SettingChecks() {
    }

    /** Runs every check on the settings as {@code settings} resolves them (blank when not set). */
    public static void check(UnaryOperator<String> settings) {
        httpUrl("crm.url", settings.apply("crm.url"));
        host("smtp.host", settings.apply("smtp.host"));
        jdbcUrl(settings.apply("db.url"));
        for (String name : DURATIONS) {
            duration(name, settings.apply(name));
        }
        for (Size size : SIZES) {
            size(size, settings.apply(size.name()));
        }
    }

    /** An optional URL the bridge calls: blank (off), or http(s) with a host. */
    static void httpUrl(String name, String value) {
        String url = value == null ? "" : value.trim();
        if (url.isEmpty()) {
            return;
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException malformed) {
            throw new SettingProblem(name, "is not a valid URL (" + malformed.getReason() + ")",
                    "write it as https://host[:port]/path");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new SettingProblem(name, "has no http:// or https:// scheme and host (it starts with '"
                    + beginning(url) + "')", "write it as https://host[:port]/path, e.g. http://localhost:9999/crm");
        }
    }

    /** An optional host name: a name or address alone, not a URL and not host:port. */
    static void host(String name, String value) {
        String host = value == null ? "" : value.trim();
        if (!host.isEmpty() && (host.contains("/") || host.contains(" ")
                || host.indexOf(':') >= 0 && !host.startsWith("["))) {
            throw new SettingProblem(name, "is not a host name alone ('" + host + "')",
                    "give the name or address only (the port has a setting of its own)");
        }
    }

    /** The database URL: a JDBC URL of a driver the jar ships. */
    static void jdbcUrl(String value) {
        String url = value == null ? "" : value.trim();
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("postgres://") || lower.startsWith("postgresql://")) {
            throw new SettingProblem("db.url", "is a postgres:// URL, which JDBC does not read",
                    "write it as jdbc:postgresql://host:5432/database, with the user and password in DB_USER and"
                            + " DB_PASSWORD");
        }
        if (!lower.startsWith("jdbc:")) {
            throw new SettingProblem("db.url", "is not a JDBC URL (it starts with '" + beginning(url) + "')",
                    "write it as jdbc:postgresql://host:5432/database or jdbc:h2:file:./data/begini-bridge");
        }
        try {
            DriverManager.getDriver(url);
        } catch (SQLException noDriver) {
            throw new SettingProblem("db.url", "names a database the jar has no driver for ('" + beginning(url) + "')",
                    "use jdbc:postgresql://host:5432/database (PostgreSQL) or jdbc:h2:... (H2)");
        }
    }

    static void duration(String name, String value) {
        Duration duration = Durations.parse(value, name);
        if (duration.isNegative() || duration.isZero() && !name.equals("begini.max-future-skew")) {
            throw new SettingProblem(name, "must be longer than 0, not '" + value.trim() + "'",
                    "give a duration such as 500ms, 2s, 10m or 1h");
        }
        if (duration.compareTo(LONGEST) > 0) {
            throw new SettingProblem(name, "is longer than 30 days ('" + value.trim() + "')",
                    "give a duration such as 500ms, 2s, 10m or 1h");
        }
    }

    private static void size(Size size, String value) {
        String text = value == null ? "" : value.trim();
        long number;
        try {
            number = Long.parseLong(text);
        } catch (NumberFormatException notANumber) {
            throw new SettingProblem(size.name(), "must be a whole number, not '" + text + "'",
                    "give a number from " + size.min() + " to " + size.max());
        }
        if (number < size.min()) {
            throw new SettingProblem(size.name(), "must be at least " + size.min() + ", not " + number,
                    "give a number from " + size.min() + " to " + size.max());
        }
        if (number > size.max()) {
            throw new SettingProblem(size.name(), "must be at most " + size.max() + ", not " + number,
                    "give a number from " + size.min() + " to " + size.max());
        }
    }

    /** What a value starts with, up to its first ':' or '/': enough to recognise it, never a path or credentials. */
    private static String beginning(String value) {
        int end = value.length();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '/' || c == '@' || c == '?' || c == ';') {
                end = i;
                break;
            }
            if (c == ':' && !value.regionMatches(true, 0, "jdbc:", 0, i + 1)) {
                end = i + 1;
                break;
            }
        }
        return value.substring(0, Math.min(end, 40));
    }
}
