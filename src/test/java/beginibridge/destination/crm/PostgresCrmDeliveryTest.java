package beginibridge.destination.crm;

import beginibridge.support.TestDatabase;

class PostgresCrmDeliveryTest extends CrmDeliveryContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.postgres();
    }
}
