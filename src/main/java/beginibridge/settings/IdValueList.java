package beginibridge.settings;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the settings made of comma-separated {@code id=value} pairs ({@code begini.api-keys},
 * {@code payload.encryption-keys}). Values are secrets: an error names the entry's position, never its content.
 */
public final class IdValueList {

    /** One pair and its 1-based position in the setting, for error messages. */
    public record Entry(int position, String id, String value) {
    }

    private IdValueList() {
    }

    public static List<Entry> parse(String setting, String property, String form) {
        List<Entry> entries = new ArrayList<>();
        if (setting != null && setting.indexOf(';') >= 0) {
            throw new SettingProblem(property, "holds a ';'", "separate the " + form + " entries with commas");
        }
        String[] parts = setting == null || setting.isBlank() ? new String[0] : setting.trim().split(",", -1);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].trim();
            if (part.isEmpty()) {
                throw new SettingProblem(property, "entry " + (i + 1) + " is empty",
                        "remove the extra comma; entries are " + form + ", comma-separated");
            }
            String[] pair = part.split("=", 2);
            String id = pair[0].trim();
            String value = pair.length < 2 ? "" : pair[1].trim();
            if (id.isEmpty() || value.isEmpty()) {
                throw new IllegalArgumentException(property + ": entry " + (i + 1) + " is not of the form " + form);
            }
            if (value.chars().anyMatch(Character::isWhitespace)) {
                throw new SettingProblem(property, "entry " + (i + 1) + " has a blank inside its value",
                        "entries are " + form + ", comma-separated, without spaces inside");
            }
            entries.add(new Entry(i + 1, id, value));
        }
        return entries;
    }
}
