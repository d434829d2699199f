package beginibridge.destination.crm;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.apache.camel.Exchange;

/**
 * The CRM's basic authentication ({@code crm.auth=basic}), which the routes' expression language cannot encode:
 * read from the settings at each call, so a changed password is used without a restart and appears in no URI.
 */
public final class CrmCredentials {

    /** Route step: sets {@code Authorization: Basic base64(crm.username:crm.password)}. */
    public void basic(Exchange exchange) {
        String user = exchange.getContext().resolvePropertyPlaceholders("{{crm.username}}");
        String password = exchange.getContext().resolvePropertyPlaceholders("{{crm.password}}");
        String pair = user + ":" + password;
        exchange.getMessage().setHeader("Authorization",
                "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }
}
