package beginibridge.destination.database;

import beginibridge.support.TestDatabase;

class H2ResultsWriterTest extends ResultsWriterContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.h2();
    }
}
