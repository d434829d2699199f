package beginibridge.destination.email;

import beginibridge.support.TestDatabase;

class PostgresEmailDeliveryTest extends EmailDeliveryContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.postgres();
    }
}
