package beginibridge.intake;

import java.util.Locale;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * First step of the intake: keeps the signature, drops every request header so none can be echoed in the answer,
 * and refuses what is not a JSON POST within the size cap.
 */
public final class RequestGuard {

    private final long maxBodyBytes;

    public RequestGuard(long maxBodyBytes) {
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException("begini.max-body-bytes must be positive");
        }
        this.maxBodyBytes = maxBodyBytes;
    }

    public void check(Exchange exchange) {
        Message in = exchange.getMessage();
        String method = in.getHeader(Exchange.HTTP_METHOD, String.class);
        String contentType = in.getHeader(Exchange.CONTENT_TYPE, String.class);
        String signature = in.getHeader("X-Signature", String.class);
        if (signature == null) {
            signature = in.getHeader("X-Begini-Signature", String.class);
        }
        byte[] body = in.getBody(byte[].class);
        in.removeHeaders("*");

        if (!"POST".equals(method)) {
            in.setHeader("Allow", "POST");
            throw new WebhookRejection(405, "Method Not Allowed: use POST");
        }
        if (!isJson(contentType)) {
            throw new WebhookRejection(415, "Unsupported Media Type: use application/json");
        }
        if (body != null && body.length > maxBodyBytes) {
            throw new WebhookRejection(413, "Payload Too Large");
        }
        if (signature != null) {
            exchange.setProperty(IntakeExchange.SIGNATURE, signature);
        }
        in.setBody(body == null ? new byte[0] : body);
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
