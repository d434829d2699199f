package beginibridge.cli;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The signature Begini sends: hex HMAC of the exact body bytes, keyed with the UTF-8 bytes of the API key. */
final class Hmac {

    private Hmac() {
    }

    static String hex(byte[] body, String key, String algorithm) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("'" + algorithm + "' is not an available HMAC (use HmacSHA512 or"
                    + " HmacSHA256)");
        }
    }
}
