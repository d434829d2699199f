package beginibridge.enrichment;

import static org.assertj.core.api.Assertions.assertThat;

import beginibridge.support.Rows;
import beginibridge.support.TestDatabase;
import org.junit.jupiter.api.Test;

class H2EnrichmentScopeTest extends EnrichmentScopeContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.h2();
    }

    /** The embedded demo's records (migrated before the column existed) belong to the README's integration. */
    @Test
    void should_file_the_demo_records_under_the_demo_integration() throws Exception {
        assertThat(Rows.query(database(), "SELECT DISTINCT integration_id FROM applicant WHERE uid LIKE 'APP-2026-%'"))
                .extracting(row -> row.get("integration_id")).containsExactly(INTEGRATION);
    }
}
