package beginibridge.admin;

import beginibridge.support.TestDatabase;

class PostgresOpsApiTest extends OpsApiContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.postgres();
    }
}
