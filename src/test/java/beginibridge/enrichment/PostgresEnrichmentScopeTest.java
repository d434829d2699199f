package beginibridge.enrichment;

import beginibridge.support.TestDatabase;

class PostgresEnrichmentScopeTest extends EnrichmentScopeContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.postgres();
    }
}
