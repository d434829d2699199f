package beginibridge.admin;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit line of one admin call, on the logger {@code beginibridge.audit}, written as its answer goes out: who
 * (the role of the token, none when it is unknown, and a fingerprint of the token presented), what (method, the route's pattern, the event id), what it revealed or
 * changed (whether a payload was read, how many deliveries a replay touched) and the status. The route is logged as
 * its pattern and the event id only once parsed, so text a caller puts in the path or the query (a uid, say) never
 * reaches the log; nor does a token, a payload or an answer.
 */
final class AdminAudit {

    private static final Logger AUDIT = LoggerFactory.getLogger("beginibridge.audit");
    private static final HexFormat HEX = HexFormat.of();
    /** Bytes of the HMAC shown: 8 hex characters, enough to tell tokens apart, useless to guess one. */
    private static final int SHOWN_BYTES = 4;

    private final String method;
    private final String route;
    private final String token;
    private volatile AdminTokens.Role role;
    private volatile UUID eventId;
    private volatile boolean payloadRead;
    private volatile Integer replayed;
    private volatile boolean dryRun;
    private final AtomicBoolean logged = new AtomicBoolean();

    private AdminAudit(String method, String route, String token) {
        this.method = method;
        this.route = route;
        this.token = token;
    }

    /**
     * Starts the audit of a call to {@code route}: its line is logged when the answer has been sent, whatever it is.
     *
     * @param key the HMAC key of the token fingerprints (the configured token: the fingerprint of the right token is
     *            the same on every call, each wrong one differs, and none can be checked without the key)
     */
    static AdminAudit start(RoutingContext ctx, String route, SecretKeySpec key, String presentedToken) {
        AdminAudit audit = new AdminAudit(ctx.request().method().name(), route,
                presentedToken == null ? "none" : fingerprint(key, presentedToken));
        // logged as the answer's head is written, so the line exists before the caller can read the answer; the end
        // handler logs a call whose answer never got that far (the connection closed first)
        ctx.addHeadersEndHandler(head -> audit.log(ctx.response().getStatusCode()));
        ctx.addEndHandler(ended -> audit.log(ctx.response().getStatusCode()));
        return audit;
    }

    void role(AdminTokens.Role caller) {
        role = caller;
    }

    AdminTokens.Role role() {
        return role;
    }

    UUID event(UUID id) {
        eventId = id;
        return id;
    }

    void payloadRead(boolean read) {
        payloadRead = read;
    }

    void replayed(int deliveries, boolean dryRunOnly) {
        replayed = dryRunOnly ? 0 : deliveries;
        dryRun = dryRunOnly;
    }

    private void log(int status) {
        if (logged.getAndSet(true)) {
            return;
        }
        AUDIT.info("Admin {} {} {} role={} token#={} event={} payload={} replayed={}{}", method, route, status,
                role == null ? "none" : role.label(), token,
                eventId == null ? "-" : eventId, payloadRead, replayed == null ? "-" : replayed,
                dryRun ? " dry_run=true" : "");
    }

    private static String fingerprint(SecretKeySpec key, String presented) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HEX.formatHex(mac.doFinal(presented.getBytes(StandardCharsets.UTF_8)), 0, SHOWN_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
