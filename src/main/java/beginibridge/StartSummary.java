package beginibridge;

import java.net.URI;
import java.util.Locale;

import beginibridge.delivery.Destinations;
import org.apache.camel.CamelContext;

/**
 * The one line that says, once the bridge has started, what it is doing: where webhooks are taken and the management
 * port listens (as bound), which database, which CRM and mail server (or off), whether enrichment and the admin API are
 * on. It names hosts only: no credentials, no URL path or query (a CRM URL's may carry a token).
 */
final class StartSummary {

    private StartSummary() {
    }

    static String of(CamelContext context, Destinations destinations) {
        String crm = destinations.isOn("crm") ? origin(setting(context, "crm.url")) : "off";
        String mail = destinations.isOn("email")
                ? setting(context, "smtp.host") + ":" + setting(context, "smtp.port") : "off";
        boolean enrichment = !setting(context, "enrich.sql").isEmpty()
                && (destinations.isOn("crm") || destinations.isOn("email"));
        return "Webhooks at http://" + setting(context, "http.host") + ":" + setting(context, "http.port")
                + setting(context, "begini.webhook.path") + "; management at http://"
                + setting(context, "management.host") + ":" + setting(context, "management.port")
                + "/observe; database " + database(setting(context, "db.url")) + "; CRM " + crm + "; SMTP " + mail
                + "; enrichment " + (enrichment ? "on" : "off") + "; admin API "
                + (setting(context, "admin.token").isEmpty() ? "off" : "on") + "; destinations on "
                + destinations.on();
    }

    /** A JDBC URL without its parameters (which may hold a password): the kind of database and where it is. */
    static String database(String jdbcUrl) {
        String url = jdbcUrl;
        int parameters = indexOfAny(url, '?', ';');
        url = parameters < 0 ? url : url.substring(0, parameters);
        int credentials = url.indexOf('@');
        if (credentials >= 0 && url.indexOf("//") >= 0) {
            url = url.substring(0, url.indexOf("//") + 2) + url.substring(credentials + 1);
        }
        return url;
    }

    /** scheme://host[:port] of a URL, or "set" when it has none. */
    static String origin(String url) {
        try {
            URI uri = new URI(url);
            return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost()
                    + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        } catch (Exception unreadable) {
            return "set";
        }
    }

    private static int indexOfAny(String text, char first, char second) {
        int a = text.indexOf(first);
        int b = text.indexOf(second);
        return a < 0 ? b : b < 0 ? a : Math.min(a, b);
    }

    private static String setting(CamelContext context, String name) {
        return context.resolvePropertyPlaceholders("{{" + name + ":}}").trim();
    }
}
