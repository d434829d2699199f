package beginibridge.support;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signs a body the way Begini does: hex HMAC of the raw bytes keyed with the UTF-8 bytes of the API key. */
public final class Signatures {

    private Signatures() {
    }

    public static String sign(byte[] body, String apiKey) {
        return sign(body, apiKey, "HmacSHA512");
    }

    public static String sign(byte[] body, String apiKey, String algorithm) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(apiKey.getBytes(StandardCharsets.UTF_8), algorithm));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
