package beginibridge.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import beginibridge.support.Signatures;
import beginibridge.support.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SignatureVerifierTest {

    final String keyA1 = TestKeys.random();
    final String keyA2 = TestKeys.random();
    final String keyB = TestKeys.random();
    final byte[] body = "{\"uid\":\"APP-1\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void should_name_the_integration_of_every_key_that_signed() {
        SignatureVerifier verifier = new SignatureVerifier("A=" + keyA1 + ",B=" + keyB + ",A=" + keyA2, "HmacSHA512");

        assertThat(verifier.signersOf(body, Signatures.sign(body, keyA1))).containsExactly("A");
        assertThat(verifier.signersOf(body, Signatures.sign(body, keyA2))).containsExactly("A");
        assertThat(verifier.signersOf(body, Signatures.sign(body, keyB))).containsExactly("B");
        assertThat(verifier.signersOf(body, Signatures.sign(body, TestKeys.random()))).isEmpty();
    }

    @Test
    void should_accept_uppercase_and_surrounding_blanks_but_nothing_else() {
        SignatureVerifier verifier = new SignatureVerifier("A=" + keyA1, "HmacSHA512");
        String good = Signatures.sign(body, keyA1);

        assertThat(verifier.signersOf(body, good.toUpperCase(Locale.ROOT))).containsExactly("A");
        assertThat(verifier.signersOf(body, " " + good + " ")).containsExactly("A");
        assertThat(verifier.signersOf(body, good.substring(2))).isEmpty();
        assertThat(verifier.signersOf(body, good + "00")).isEmpty();
        assertThat(verifier.signersOf(body, "")).isEmpty();
        assertThat(verifier.signersOf(body, null)).isEmpty();
        assertThat(verifier.signersOf(body, "g" + good.substring(1))).isEmpty();
    }

    @Test
    void should_use_the_configured_algorithm() {
        SignatureVerifier sha256 = new SignatureVerifier("A=" + keyA1, "HmacSHA256");

        assertThat(sha256.signersOf(body, Signatures.sign(body, keyA1, "HmacSHA256"))).containsExactly("A");
        assertThat(sha256.signersOf(body, Signatures.sign(body, keyA1, "HmacSHA512"))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"HmacMD5", "HmacSHA1", "HmacSHA384", "HmacSHA512/256", ""})
    void should_refuse_any_algorithm_but_sha512_and_sha256(String algorithm) {
        assertThatThrownBy(() -> new SignatureVerifier("A=" + keyA1, algorithm))
                .hasMessage("begini.signature.algorithm '" + algorithm + "' is not allowed: use HmacSHA512 or"
                        + " HmacSHA256");
    }

    @Test
    void should_read_the_algorithm_in_any_case_as_the_jdk_does() {
        SignatureVerifier lowerCase = new SignatureVerifier("A=" + keyA1, " hmacsha256 ");

        assertThat(lowerCase.signersOf(body, Signatures.sign(body, keyA1, "HmacSHA256"))).containsExactly("A");
    }

    @Test
    void should_refuse_everything_without_keys() {
        SignatureVerifier verifier = new SignatureVerifier("", "HmacSHA512");

        assertThat(verifier.signersOf(body, Signatures.sign(body, keyA1))).isEmpty();
    }

    @Test
    void should_explain_bad_settings_without_repeating_any_key() {
        assertThatThrownBy(() -> new SignatureVerifier("A=" + keyA1 + "," + keyB, "HmacSHA512"))
                .hasMessage("begini.api-keys: entry 2 is not of the form integrationId=apiKey")
                .hasMessageNotContaining(keyB);
        assertThatThrownBy(() -> new SignatureVerifier("A=" + keyA1, "HmacMD6"))
                .hasMessageContaining("begini.signature.algorithm 'HmacMD6'")
                .hasMessageNotContaining(keyA1);
    }
}
