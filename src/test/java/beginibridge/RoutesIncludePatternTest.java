package beginibridge;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import beginibridge.support.ConfigCopy;
import beginibridge.support.StandaloneBridge;
import beginibridge.support.TestDatabase;
import org.apache.camel.NoSuchBeanException;
import org.junit.jupiter.api.Test;

/**
 * An operator who points camel.main.routes-include-pattern at a folder of edited routes alone, leaving out the
 * engine's pattern, gets a bridge that does not start, rather than one that starts without its intake.
 */
class RoutesIncludePatternTest {

    @Test
    void should_refuse_to_start_on_the_editable_routes_without_the_engine() {
        Path config = ConfigCopy.ofRoutesAndTemplates();
        Map<String, String> settings = Map.of("db.url", TestDatabase.h2().url(),
                "camel.main.routes-include-pattern", "file:" + config.resolve("routes") + "/*.camel.yaml");

        assertThatThrownBy(() -> StandaloneBridge.start(settings).close())
                .as("the editable routes call beans the engine defines")
                .hasRootCauseInstanceOf(NoSuchBeanException.class);
    }
}
