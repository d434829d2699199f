package beginibridge.http;

import java.time.Duration;

import beginibridge.settings.Durations;
import org.apache.camel.CamelContext;

/**
 * What an unauthenticated client may make the webhook port hold: time (idle and whole-request deadlines),
 * connections, and bytes of bodies not yet verified. Read once from the settings; a value that is not positive stops
 * the start, since a bound of zero would refuse every webhook and a negative one would be no bound at all.
 */
public record EdgeLimits(Duration idleTimeout, Duration requestTimeout, int maxConnections,
                         long maxBufferedBodyBytes, long maxBodyBytes) {

    public EdgeLimits {
        positive("http.idle-timeout", idleTimeout.toMillis());
        positive("http.request-timeout", requestTimeout.toMillis());
        positive("http.max-connections", maxConnections);
        positive("begini.max-body-bytes", maxBodyBytes);
        if (maxBufferedBodyBytes < 2 * maxBodyBytes) {
            throw new IllegalArgumentException("http.max-buffered-body-bytes (" + maxBufferedBodyBytes + ") must be at"
                    + " least twice begini.max-body-bytes (" + maxBodyBytes + "), or one large body would stop all"
                    + " others");
        }
    }

    public static EdgeLimits from(CamelContext context) {
        return new EdgeLimits(
                Durations.parse(setting(context, "http.idle-timeout"), "http.idle-timeout"),
                Durations.parse(setting(context, "http.request-timeout"), "http.request-timeout"),
                Integer.parseInt(setting(context, "http.max-connections")),
                Long.parseLong(setting(context, "http.max-buffered-body-bytes")),
                Long.parseLong(setting(context, "begini.max-body-bytes")));
    }

    private static String setting(CamelContext context, String name) {
        return context.resolvePropertyPlaceholders("{{" + name + "}}").trim();
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive (it is " + value + ")");
        }
    }
}
