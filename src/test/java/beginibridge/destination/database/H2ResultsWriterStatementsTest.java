package beginibridge.destination.database;

import beginibridge.support.TestDatabase;

class H2ResultsWriterStatementsTest extends ResultsWriterStatementsContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.h2();
    }
}
