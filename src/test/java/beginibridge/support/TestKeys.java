package beginibridge.support;

import java.security.SecureRandom;
import java.util.HexFormat;

/** API keys made up for one test run: random, so nothing secret-looking is ever written down. */
public final class TestKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TestKeys() {
    }

    public static String random() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return "test-" + HexFormat.of().formatHex(bytes);
    }
}
