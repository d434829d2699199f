package beginibridge.intake;

import java.util.List;

/**
 * The HMACs a Begini signature may use: SHA-512, which Begini documents, and SHA-256, which one of its articles shows.
 * The JDK offers weaker ones too (HmacMD5, HmacSHA1); a setting naming one by mistake would weaken what every
 * signature proves, so the bridge and its commands refuse it.
 */
public final class SignatureAlgorithms {

    public static final List<String> ALLOWED = List.of("HmacSHA512", "HmacSHA256");

    private SignatureAlgorithms() {
    }

    /** The allowed algorithm {@code name} names, in any case; otherwise a refusal naming {@code setting}. */
    public static String require(String name, String setting) {
        String given = name == null ? "" : name.trim();
        return ALLOWED.stream().filter(given::equalsIgnoreCase).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(setting + " '" + given + "' is not allowed: use "
                        + String.join(" or ", ALLOWED)));
    }
}
