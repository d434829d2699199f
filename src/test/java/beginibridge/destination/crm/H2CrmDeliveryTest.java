package beginibridge.destination.crm;

import beginibridge.support.TestDatabase;

class H2CrmDeliveryTest extends CrmDeliveryContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.h2();
    }
}
