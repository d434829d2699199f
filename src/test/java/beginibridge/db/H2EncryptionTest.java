package beginibridge.db;

import beginibridge.support.TestDatabase;

class H2EncryptionTest extends EncryptionContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.h2();
    }
}
