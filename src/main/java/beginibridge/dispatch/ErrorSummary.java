package beginibridge.dispatch;

import java.sql.SQLException;

import beginibridge.Causes;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * The short error kept with a delivery attempt for operators. It says what failed without repeating what was sent:
 * database messages (which can quote values) are reduced to their SQL state, and a destination's answer to an
 * excerpt.
 */
public final class ErrorSummary {

    static final int MAX_LENGTH = 500;
    private static final int EXCERPT = 200;

    private ErrorSummary() {
    }

    public static String of(Throwable failure) {
        HttpOperationFailedException http = Causes.find(failure, HttpOperationFailedException.class);
        if (http != null) {
            String body = http.getResponseBody();
            return clip("HTTP " + http.getStatusCode() + (body == null || body.isBlank() ? "" : ": " + excerpt(body)));
        }
        SQLException sql = Causes.find(failure, SQLException.class);
        if (sql != null) {
            return clip("database error, SQL state " + sql.getSQLState());
        }
        Throwable root = Causes.root(failure);
        String message = root.getMessage();
        return clip(root.getClass().getSimpleName() + (message == null ? "" : ": " + message));
    }

    /** What failed, for a log line: the HTTP status or the exception class, never a message or a response body. */
    public static String kind(Throwable failure) {
        HttpOperationFailedException http = Causes.find(failure, HttpOperationFailedException.class);
        if (http != null) {
            return "HTTP " + http.getStatusCode();
        }
        return failure == null ? "unknown failure" : failure.getClass().getSimpleName();
    }

    private static String excerpt(String text) {
        String flat = text.replaceAll("\\s+", " ").trim();
        return flat.length() <= EXCERPT ? flat : flat.substring(0, EXCERPT) + "...";
    }

    static String clip(String text) {
        return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH - 3) + "...";
    }
}
