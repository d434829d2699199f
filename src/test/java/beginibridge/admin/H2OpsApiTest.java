package beginibridge.admin;

import beginibridge.support.TestDatabase;

class H2OpsApiTest extends OpsApiContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.h2();
    }
}
