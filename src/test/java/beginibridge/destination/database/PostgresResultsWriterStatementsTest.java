package beginibridge.destination.database;

import beginibridge.support.TestDatabase;

class PostgresResultsWriterStatementsTest extends ResultsWriterStatementsContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.postgres();
    }
}
