package beginibridge.enrichment;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import beginibridge.support.StandaloneBridge;
import beginibridge.support.TestDatabase;
import beginibridge.support.TestKeys;
import org.junit.jupiter.api.Test;

/** With more than one integration, the bridge refuses to start on an enrich.sql that ignores the integration. */
class EnrichmentScopeSettingTest {

    @Test
    void should_refuse_to_start_when_enrich_sql_ignores_the_integration_of_several() {
        Map<String, String> settings = new HashMap<>();
        settings.put("db.url", TestDatabase.h2().url());
        settings.put("begini.api-keys", "00000000000000000001=" + TestKeys.random() + ",00000000000000000002="
                + TestKeys.random());
        settings.put("enrich.sql", "SELECT internal_id, crm_id FROM applicant WHERE uid = :#uid");

        assertThatThrownBy(() -> StandaloneBridge.start(settings).close())
                .hasStackTraceContaining("enrich.sql must bind :#integrationId when begini.api-keys lists 2"
                        + " integrations");
    }

    @Test
    void should_start_with_one_integration_and_a_lookup_by_uid_alone() throws Exception {
        Map<String, String> settings = new HashMap<>();
        settings.put("db.url", TestDatabase.h2().url());
        settings.put("begini.api-keys", "00000000000000000001=" + TestKeys.random());
        settings.put("enrich.sql", "SELECT internal_id, crm_id FROM applicant WHERE uid = :#uid");

        StandaloneBridge.start(settings).close();
    }
}
