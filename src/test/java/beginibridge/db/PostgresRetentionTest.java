package beginibridge.db;

import beginibridge.support.TestDatabase;

class PostgresRetentionTest extends RetentionContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.postgres();
    }
}
