package beginibridge.destination.database;

import beginibridge.support.TestDatabase;

class PostgresDatabaseDeliveryTest extends DatabaseDeliveryContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.postgres();
    }
}
