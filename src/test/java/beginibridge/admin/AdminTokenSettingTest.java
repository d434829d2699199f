package beginibridge.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.stream.Stream;

import beginibridge.support.LogCapture;
import beginibridge.support.StandaloneBridge;
import beginibridge.support.TestDatabase;
import beginibridge.support.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A guessable admin token opens every payload and every replay to whoever reaches the management port: the bridge
 * refuses to start with a short one or a placeholder, and says so without printing it.
 */
class AdminTokenSettingTest {

    @Test
    void should_refuse_to_start_with_a_token_shorter_than_32_characters() {
        String token = TestKeys.random().substring(0, 31);

        assertRefusedWithout(token, "admin.token is 31 characters long: it must be at least 32");
    }

    static Stream<Arguments> placeholderTokens() {
        return Stream.of(
                arguments(named("the example of the settings", "REPLACE-with-a-long-random-string")),
                arguments(named("replace- before a random text", "replace-" + TestKeys.random())),
                arguments(named("changeme repeated", "changeme-changeme-changeme-changeme")),
                arguments(named("one character repeated", "x".repeat(40))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("placeholderTokens")
    void should_refuse_to_start_with_a_placeholder_token(String token) {
        assertRefusedWithout(token, "admin.token is a placeholder");
    }

    @Test
    void should_refuse_a_readonly_token_that_is_short_or_the_admin_token() {
        String admin = TestKeys.random();
        String shortToken = TestKeys.random().substring(0, 20);

        assertRefusedWithout(Map.of("admin.token", admin, "admin.readonly-token", shortToken), shortToken,
                "admin.readonly-token is 20 characters long");
        assertRefusedWithout(Map.of("admin.token", admin, "admin.readonly-token", admin), admin,
                "admin.readonly-token must differ from admin.token");
    }

    @Test
    void should_start_with_a_long_random_token() throws Exception {
        try (StandaloneBridge bridge = StandaloneBridge.start(Map.of("db.url", TestDatabase.h2().url(),
                "admin.token", TestKeys.random()))) {
            assertThat(bridge.httpPort()).isPositive();
        }
    }

    /** The start fails with the reason, and neither the failure nor any log line holds the token. */
    private static void assertRefusedWithout(String token, String reason) {
        assertRefusedWithout(Map.of("admin.token", token), token, reason);
    }

    private static void assertRefusedWithout(Map<String, String> tokens, String token, String reason) {
        LogCapture logs = LogCapture.attach();
        Map<String, String> settings = new java.util.HashMap<>(tokens);
        settings.put("db.url", TestDatabase.h2().url());
        try {
            Throwable refused = catchThrowable(() -> StandaloneBridge.start(settings).close());

            assertThat(refused).as(token).isNotNull();
            assertThat(stackTrace(refused)).contains(reason).doesNotContain(token);
            assertThat(logs.all()).doesNotContain(token);
        } finally {
            logs.detach();
        }
    }

    private static String stackTrace(Throwable thrown) {
        StringWriter text = new StringWriter();
        thrown.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
