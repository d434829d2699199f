package beginibridge.intake;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proves a webhook genuine: the hex HMAC of the exact request bytes, under one of the configured API keys, equals
 * the signature header. Every key is tried, in constant time, so neither the answer time nor the answer tells which
 * key came close. The body is not parsed here; which integration the body claims is checked afterwards against
 * the integrations whose key matched.
 */
public final class SignatureVerifier {

    private static final Logger LOG = LoggerFactory.getLogger(SignatureVerifier.class);

    private final ApiKeys apiKeys;
    private final String algorithm;
    private final int macLength;
    private final ThreadLocal<Mac[]> macs;

    public SignatureVerifier(String apiKeys, String algorithm) {
        this.apiKeys = ApiKeys.parse(apiKeys);
        this.algorithm = SignatureAlgorithms.require(algorithm, "begini.signature.algorithm");
        this.macLength = probeLength(this.algorithm);
        newMacs(this.apiKeys.keys(), this.algorithm); // fails at startup, not on the first webhook
        this.macs = ThreadLocal.withInitial(() -> newMacs(this.apiKeys.keys(), this.algorithm));
    }

    /** Says at startup how many keys are in force, never what they are. */
    public void logKeySummary() {
        if (apiKeys.isEmpty()) {
            LOG.warn("No Begini API keys are configured (begini.api-keys, env BEGINI_API_KEYS): every webhook will be"
                    + " refused with 403 until keys are set");
        } else {
            LOG.info("Webhook signatures: {} over the raw body, {} key(s) for integration(s) {}", algorithm,
                    apiKeys.keys().size(), apiKeys.integrations());
        }
    }

    /** The integrations whose key signed these bytes with this hex signature; empty when none did. */
    public Set<String> signersOf(byte[] body, String signatureHex) {
        byte[] given = decode(signatureHex);
        if (given == null || body == null) {
            return Set.of();
        }
        List<ApiKeys.Key> keys = apiKeys.keys();
        Mac[] perKey = macs.get();
        Set<String> signers = new LinkedHashSet<>(2);
        for (int i = 0; i < perKey.length; i++) {
            byte[] expected = perKey[i].doFinal(body);
            if (MessageDigest.isEqual(expected, given)) {
                signers.add(keys.get(i).integrationId());
            }
        }
        return signers;
    }

    private byte[] decode(String signatureHex) {
        if (signatureHex == null) {
            return null;
        }
        String hex = signatureHex.trim();
        if (hex.length() != macLength * 2) {
            return null;
        }
        try {
            return HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException notHex) {
            return null;
        }
    }

    private static Mac[] newMacs(List<ApiKeys.Key> keys, String algorithm) {
        Mac[] result = new Mac[keys.size()];
        for (int i = 0; i < result.length; i++) {
            try {
                result[i] = Mac.getInstance(algorithm);
                result[i].init(new SecretKeySpec(keys.get(i).secret(), algorithm));
            } catch (GeneralSecurityException e) {
                throw unusable(algorithm);
            }
        }
        return result;
    }

    private static int probeLength(String algorithm) {
        try {
            return Mac.getInstance(algorithm).getMacLength();
        } catch (GeneralSecurityException e) {
            throw unusable(algorithm);
        }
    }

    private static IllegalArgumentException unusable(String algorithm) {
        return new IllegalArgumentException("begini.signature.algorithm '" + algorithm
                + "' is not an available HMAC (use HmacSHA512 or HmacSHA256)");
    }
}
