package beginibridge.db;

import beginibridge.support.TestDatabase;

class PostgresEncryptionTest extends EncryptionContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.postgres();
    }
}
