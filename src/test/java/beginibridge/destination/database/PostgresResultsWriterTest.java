package beginibridge.destination.database;

import beginibridge.support.TestDatabase;

class PostgresResultsWriterTest extends ResultsWriterContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.postgres();
    }
}
