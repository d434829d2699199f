package beginibridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import beginibridge.metrics.UidHash;
import beginibridge.support.LogCapture;
import beginibridge.support.StandaloneBridge;
import beginibridge.support.TestDatabase;
import beginibridge.support.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Settings that would weaken what the bridge protects stop the start with one line saying which and why; a CRM reached
 * in clear, which may be deliberate (a sidecar, a private network), is warned of.
 */
class StartupSecurityChecksTest {

    @Test
    void should_refuse_to_start_with_a_signature_algorithm_other_than_sha512_or_sha256() {
        Map<String, String> settings = settings("begini.signature.algorithm", "HmacMD5");

        assertThatThrownBy(() -> StandaloneBridge.start(settings).close())
                .hasStackTraceContaining("begini.signature.algorithm 'HmacMD5' is not allowed: use HmacSHA512 or"
                        + " HmacSHA256");
    }

    @Test
    void should_refuse_to_start_with_an_smtp_login_without_starttls() {
        Map<String, String> settings = settings("smtp.user", "bridge");
        settings.put("smtp.host", "127.0.0.1");

        assertThatThrownBy(() -> StandaloneBridge.start(settings).close())
                .hasStackTraceContaining("smtp.user is set but smtp.starttls is false: the SMTP password would cross"
                        + " the network in clear");
    }

    @Test
    void should_start_with_an_smtp_login_without_starttls_when_plain_login_is_allowed() throws Exception {
        Map<String, String> settings = settings("smtp.user", "bridge");
        settings.put("smtp.host", "127.0.0.1");
        settings.put("smtp.allow-plain-login", "true");

        try (StandaloneBridge bridge = StandaloneBridge.start(settings)) {
            assertThat(bridge.httpPort()).isPositive();
        }
    }

    @Test
    void should_refuse_to_start_with_the_uid_hash_key_placeholder_of_the_deploy_secret() throws Exception {
        Matcher shipped = Pattern.compile("(?m)^\\s*LOG_UID_HASH_KEY:\\s*\"([^\"]*)\"")
                .matcher(Files.readString(Path.of("deploy/secret.yaml")));
        assertThat(shipped.find()).as("LOG_UID_HASH_KEY in deploy/secret.yaml").isTrue();
        Map<String, String> settings = settings("log.uid-hash-key", shipped.group(1));

        assertThatThrownBy(() -> StandaloneBridge.start(settings).close())
                .hasStackTraceContaining("log.uid-hash-key still holds the placeholder of deploy/secret.yaml: set a"
                        + " long random secret");
    }

    @Test
    void should_refuse_the_placeholder_however_it_is_padded() {
        assertThatThrownBy(() -> new UidHash("  REPLACE-with-a-long-random-string\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("log.uid-hash-key still holds");
    }

    @Test
    void should_hash_uids_under_a_configured_key_alike_across_starts_and_unlike_under_another() {
        String key = TestKeys.random();

        String hash = new UidHash(key).of("APP-2026-0001");

        assertThat(hash).matches("[0-9a-f]{12}");
        assertThat(new UidHash(key).of("APP-2026-0001")).as("the same key, another start").isEqualTo(hash);
        assertThat(new UidHash(TestKeys.random()).of("APP-2026-0001")).as("another key").isNotEqualTo(hash);
        assertThat(new UidHash(key).of("APP-2026-0002")).as("another uid").isNotEqualTo(hash);
    }

    @Test
    void should_warn_of_a_crm_in_plain_http_naming_only_its_scheme_and_host() throws Exception {
        String token = TestKeys.random();
        Map<String, String> settings = settings("crm.url", "http://crm.example.test:8080/api/events?key=" + token);
        settings.put("crm.token", token);
        LogCapture log = LogCapture.attach();
        try (StandaloneBridge bridge = StandaloneBridge.start(settings)) {
            List<String> warnings = log.lines().stream().filter(line -> line.contains("crm.url")).toList();

            // StandaloneBridge's Main runs the startup listener twice (the key summary shows twice too); the jar once
            assertThat(warnings).isNotEmpty().containsOnly("WARN [main] beginibridge.BridgeStartup - crm.url is plain http to"
                    + " http://crm.example.test: the CRM token and every payload cross the network unencrypted;"
                    + " use https");
            assertThat(log.all()).doesNotContain(token, "/api/events");
        } finally {
            log.detach();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://10.0.0.5/crm", "HTTP://crm.example.test/crm", "http://127.example.test/crm"})
    void should_warn_of_plain_http_to_any_other_host(String crmUrl) {
        assertThat(BridgeStartup.crmInClearWarning(crmUrl)).startsWith("crm.url is plain http to ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "https://crm.example.test/crm", "http://127.0.0.1:8080/crm", "http://127.1.2.3/crm",
        "http://localhost/crm", "http://LOCALHOST:81/crm", "http://[::1]:8080/crm", "not a url"})
    void should_not_warn_of_https_loopback_or_no_crm(String crmUrl) {
        assertThat(BridgeStartup.crmInClearWarning(crmUrl)).isNull();
    }

    private static Map<String, String> settings(String name, String value) {
        Map<String, String> settings = new HashMap<>();
        settings.put("db.url", TestDatabase.h2().url());
        settings.put(name, value);
        return settings;
    }
}
