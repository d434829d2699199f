package beginibridge.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;

/**
 * The bearer tokens the admin API accepts and what each may do: {@code admin.token} everything,
 * {@code admin.readonly-token} (optional) every read and no replay, so that a support desk can look without being
 * able to resend a lender's results. Both are compared in constant time; a guessable one is refused at start.
 */
final class AdminTokens {

    /** Below this a token could be guessed, or is a word someone chose: the bridge does not start with it. */
    static final int MIN_TOKEN_LENGTH = 32;
    private static final String BEARER = "Bearer ";

    /** What a caller may do, named as the console and the audit line show it. */
    enum Role {
        ADMIN, READONLY;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final byte[] admin;
    private final byte[] readonly;

    AdminTokens(String adminToken, String readonlyToken) {
        this.admin = (BEARER + adminToken.trim()).getBytes(StandardCharsets.UTF_8);
        this.readonly = readonlyToken == null || readonlyToken.isBlank() ? null
                : (BEARER + readonlyToken.trim()).getBytes(StandardCharsets.UTF_8);
    }

    /** The role of an Authorization header, or null when it carries neither token. */
    Role roleOf(String authorization) {
        if (authorization == null) {
            return null;
        }
        byte[] given = authorization.getBytes(StandardCharsets.UTF_8);
        // both compared every time, so the answer's timing does not tell which token was nearly right
        boolean isAdmin = MessageDigest.isEqual(admin, given);
        boolean isReadonly = readonly != null && MessageDigest.isEqual(readonly, given);
        return isAdmin ? Role.ADMIN : isReadonly ? Role.READONLY : null;
    }

    /** The token an Authorization header presents, for its fingerprint: the header itself when it is not Bearer. */
    static String presented(String authorization) {
        return authorization != null && authorization.startsWith(BEARER) ? authorization.substring(BEARER.length())
                : authorization;
    }

    /**
     * Refuses tokens that are set but short or placeholders, or a read-only token equal to the admin one (it would
     * grant everything) or set without one, before anything starts; the message names the rule, never the token.
     */
    static void check(String adminToken, String readonlyToken) {
        checkOne("admin.token", adminToken);
        checkOne("admin.readonly-token", readonlyToken);
        if (readonlyToken == null || readonlyToken.isBlank()) {
            return;
        }
        if (adminToken == null || adminToken.isBlank()) {
            throw new IllegalArgumentException("admin.readonly-token is set but admin.token is not: the admin API is"
                    + " off without admin.token");
        }
        if (adminToken.trim().equals(readonlyToken.trim())) {
            throw new IllegalArgumentException("admin.readonly-token must differ from admin.token");
        }
    }

    private static void checkOne(String setting, String token) {
        if (token == null || token.isBlank()) {
            return;
        }
        String trimmed = token.trim();
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (lower.startsWith("replace") || lower.replaceAll("[^a-z]", "").contains("changeme")
                || trimmed.chars().distinct().count() < 8) {
            throw new IllegalArgumentException(setting + " is a placeholder (REPLACE..., changeme, or fewer than 8"
                    + " different characters): set a long random secret, e.g. openssl rand -hex 32, or leave it empty"
                    + " to turn it off");
        }
        if (trimmed.length() < MIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException(setting + " is " + trimmed.length() + " characters long: it must be"
                    + " at least " + MIN_TOKEN_LENGTH + " (e.g. openssl rand -hex 32), or empty to turn it off");
        }
    }
}
