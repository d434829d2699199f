package beginibridge.cli;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import beginibridge.intake.SignatureAlgorithms;

/** The signature Begini sends: hex HMAC of the exact body bytes, keyed with the UTF-8 bytes of the API key. */
final class Hmac {

    private Hmac() {
    }

    static String hex(byte[] body, String key, String algorithmName) {
        String algorithm = SignatureAlgorithms.require(algorithmName, "--algorithm");
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is not available in this Java runtime", e);
        }
    }
}
