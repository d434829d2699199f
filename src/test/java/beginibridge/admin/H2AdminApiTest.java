package beginibridge.admin;

import beginibridge.support.TestDatabase;

class H2AdminApiTest extends AdminApiContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.h2();
    }
}
