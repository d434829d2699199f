package beginibridge.intake;

import java.util.Locale;

import io.vertx.core.http.HttpServerRequest;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/**
 * First step of the intake: keeps the signature, drops every request header so none can be echoed in the answer,
 * and refuses what is not a JSON POST. Method, content type and signature are read from the HTTP request itself:
 * Camel's message headers also hold the query parameters, and {@code ?X-Signature=...} must not count as a
 * signature. A header sent twice with different values counts as absent. The size cap is enforced earlier, by the
 * HTTP server, before the body is buffered.
 */
public final class RequestGuard {

    public void check(Exchange exchange) {
        Message in = exchange.getMessage();
        if (!(in instanceof HttpMessage http)) {
            throw new IllegalStateException("The intake must be fed by platform-http on Vert.x");
        }
        HttpServerRequest request = http.getRequest();
        String method = request.method().name();
        String contentType = agreedValue(request, "Content-Type");
        String signature = agreedValue(request, "X-Signature", "X-Begini-Signature");
        byte[] body = in.getBody(byte[].class);
        in.removeHeaders("*");

        if (!"POST".equals(method)) {
            in.setHeader("Allow", "POST");
            throw new WebhookRejection(405, "Method Not Allowed: use POST");
        }
        if (!isJson(contentType)) {
            throw new WebhookRejection(415, "Unsupported Media Type: use application/json");
        }
        if (signature != null) {
            exchange.setProperty(IntakeExchange.SIGNATURE, signature);
        }
        in.setBody(body == null ? new byte[0] : body);
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
        int semicolon = contentType.indexOf(';');
        String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        return mediaType.toLowerCase(Locale.ROOT).equals("application/json");
    }
}
