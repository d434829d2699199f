package beginibridge.destination.email;

import beginibridge.support.TestDatabase;

class H2EmailDeliveryTest extends EmailDeliveryContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.h2();
    }
}
