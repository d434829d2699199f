package beginibridge.dispatch;

import beginibridge.support.TestDatabase;

class H2DeliveryStoreTest extends DeliveryStoreContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.h2();
    }
}
