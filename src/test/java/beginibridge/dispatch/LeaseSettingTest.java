package beginibridge.dispatch;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import beginibridge.support.StandaloneBridge;
import beginibridge.support.TestDatabase;
import org.junit.jupiter.api.Test;

/** The bridge refuses to start with a lease no longer than the longest delivery attempt. */
class LeaseSettingTest {

    @Test
    void should_refuse_to_start_when_an_attempt_could_outlive_its_claim() {
        Map<String, String> settings = new HashMap<>();
        settings.put("db.url", TestDatabase.h2().url());
        settings.put("delivery.lease", "10s");
        settings.put("crm.connect-timeout-ms", "3000");
        settings.put("crm.response-timeout-ms", "10000");
        settings.put("smtp.timeout-ms", "1000");

        assertThatThrownBy(() -> StandaloneBridge.start(settings).close())
                .hasStackTraceContaining("delivery.lease (10000 ms) must be longer than the longest attempt"
                        + " (13000 ms");
    }
}
