package beginibridge.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * retention.days and retention.failed-days: 0 keeps payloads, a negative age is refused (its cut-off would lie in
 * the future, and every finished event's payload would be purged at the first run).
 */
class PayloadRetentionSettingsTest {

    @Test
    void should_refuse_a_negative_age() {
        assertThatThrownBy(() -> new PayloadRetention(null, -1, 90)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("retention.days must be 0 (keep payloads) or more");
        assertThatThrownBy(() -> new PayloadRetention(null, 30, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("retention.failed-days must be 0 (keep payloads) or more");
    }

    @Test
    void should_take_0_as_keep_and_not_even_look() throws Exception {
        // no data source at all: a purge that looked for anything would fail
        PayloadRetention keepEverything = new PayloadRetention(null, 0, 0);

        assertThat(keepEverything.purge()).isZero();
    }
}
