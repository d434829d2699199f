package beginibridge.destination.database;

import java.util.regex.Pattern;

/**
 * A journey status as the database destination records it ({@code routes/to-database.camel.yaml} names one per
 * journey event): the status text, and the event field that says when it happened (epoch seconds).
 */
public record Journey(String status, String timeField) {

    private static final Pattern FIELD = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    public Journey {
        if (status == null || status.isBlank() || status.length() > 32) {
            throw new IllegalArgumentException("A journey status is 1 to 32 characters, not '" + status + "'");
        }
        if (timeField == null || !FIELD.matcher(timeField).matches()) {
            throw new IllegalArgumentException("A journey's time field is an event field name such as"
                    + " application_expired_at, not '" + timeField + "'");
        }
    }
}
