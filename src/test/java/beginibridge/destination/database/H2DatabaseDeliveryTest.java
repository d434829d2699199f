package beginibridge.destination.database;

import beginibridge.support.TestDatabase;

class H2DatabaseDeliveryTest extends DatabaseDeliveryContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.h2();
    }
}
