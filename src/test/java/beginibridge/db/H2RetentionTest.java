package beginibridge.db;

import beginibridge.support.TestDatabase;

class H2RetentionTest extends RetentionContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.h2();
    }
}
