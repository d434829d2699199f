package beginibridge.dispatch;

import beginibridge.support.TestDatabase;

class PostgresDeliveryStoreTest extends DeliveryStoreContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.postgres();
    }
}
