package beginibridge.intake;

import java.util.Locale;

import io.vertx.core.http.HttpServerRequest;

/**
 * Refuses what is not a JSON POST, and finds the signature. Method, content type and signature are read from the
 * HTTP request itself: Camel's message headers also hold the query parameters, and {@code ?X-Signature=...} must
 * not count as a signature. A header sent twice with different values counts as absent. The size cap is enforced
 * earlier, by the HTTP server, before the body is buffered.
 */
public final class RequestGuard {

    /** The request's signature (null when it has none), or a {@link WebhookRejection} with 405 or 415. */
    public String check(HttpServerRequest request) {
        if (!"POST".equals(request.method().name())) {
            throw new WebhookRejection(405, "Method Not Allowed: use POST");
        }
        if (!isJson(agreedValue(request, "Content-Type"))) {
            throw new WebhookRejection(415, "Unsupported Media Type: use application/json");
        }
        return agreedValue(request, "X-Signature", "X-Begini-Signature");
    }

    /**
     * The value of these headers, however many copies of them came; null when none did, or when copies disagree:
     * which copy a server reads first is a detail a proxy can change, and the answer must not depend on it.
     */
    private static String agreedValue(HttpServerRequest request, String... names) {
        String agreed = null;
        for (String name : names) {
            for (String value : request.headers().getAll(name)) {
                if (agreed == null) {
                    agreed = value;
                } else if (!agreed.trim().equalsIgnoreCase(value.trim())) {
                    return null;
                }
            }
        }
        return agreed;
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String mediaType = contentType.split(";", 2)[0].trim();
        return mediaType.toLowerCase(Locale.ROOT).equals("application/json");
    }
}
