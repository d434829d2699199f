package beginibridge.dispatch;

import java.net.URI;
import java.net.URISyntaxException;
import java.sql.SQLException;

import beginibridge.failure.Causes;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * The short error kept with a delivery attempt for operators. It says what failed, in the bridge's own words, without
 * repeating what was sent or what came back: a destination's answer can echo the payload (with the applicant's
 * CRM and internal ids), so an HTTP failure is kept as its status and a reason the bridge writes, an SMTP refusal as
 * its reply code, and database messages (which can quote values) as their SQL state.
 */
public final class ErrorSummary {

    static final int MAX_LENGTH = 500;

    private ErrorSummary() {
    }

    public static String of(Throwable failure) {
        HttpOperationFailedException http = Causes.find(failure, HttpOperationFailedException.class);
        if (http != null) {
            return "HTTP " + http.getStatusCode() + ": " + reason(http.getStatusCode());
        }
        SMTPAddressFailedException recipient = Causes.find(failure, SMTPAddressFailedException.class);
        if (recipient != null) {
            return "SMTP " + recipient.getReturnCode() + ": the mail server refused the recipient";
        }
        SMTPSendFailedException refused = Causes.find(failure, SMTPSendFailedException.class);
        if (refused != null) {
            return "SMTP " + refused.getReturnCode() + ": the mail server refused the message";
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

    /**
     * The host (and port) the failed attempt was calling, from the endpoint Camel last sent it to: for a retry's log
     * line. Never the endpoint's path or query (a CRM URL's may carry a token); "-" when that endpoint has no host.
     */
    public static String host(Exchange exchange) {
        String endpoint = exchange.getProperty(Exchange.FAILURE_ENDPOINT, String.class);
        if (endpoint == null) {
            endpoint = exchange.getProperty(Exchange.TO_ENDPOINT, String.class);
        }
        if (endpoint == null) {
            return "-";
        }
        try {
            URI uri = new URI(endpoint);
            boolean web = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
            if (uri.getHost() == null || !web && uri.getPort() == -1) {
                return "-"; // an in-process endpoint (direct://to-crm) names a route, not a host
            }
            return uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
        } catch (URISyntaxException unknown) {
            return "-";
        }
    }

    /** The destination's answer is not read: only its status class, which is what decides retry or dead. */
    private static String reason(int status) {
        if (status == 408 || status == 429) {
            return "the destination asked to try again later";
        }
        if (status >= 400 && status < 500) {
            return "the destination refused the request";
        }
        if (status >= 500) {
            return "the destination failed";
        }
        return "unexpected answer";
    }

    static String clip(String text) {
        return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH - 3) + "...";
    }
}
