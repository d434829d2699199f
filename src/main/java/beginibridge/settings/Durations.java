package beginibridge.settings;

import java.time.Duration;
import java.util.Locale;

/** Reads the durations of application.properties: {@code 500ms}, {@code 2s}, {@code 10m}, {@code 1h}, or ISO-8601. */
public final class Durations {

    private Durations() {
    }

    public static Duration parse(String setting, String name) {
        String text = setting == null ? "" : setting.trim().toLowerCase(Locale.ROOT);
        try {
            if (text.startsWith("p")) {
                return Duration.parse(text.toUpperCase(Locale.ROOT));
            }
            if (!text.isEmpty() && text.chars().allMatch(Character::isDigit)) {
                return Duration.ofMillis(Long.parseLong(text));
            }
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2).trim()));
            }
            long amount = Long.parseLong(text.substring(0, text.length() - 1).trim());
            return switch (text.charAt(text.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(name + " '" + setting + "' is not a duration such as 500ms, 2s, 10m or 1h");
        }
    }
}
