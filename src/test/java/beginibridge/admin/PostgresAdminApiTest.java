package beginibridge.admin;

import beginibridge.support.TestDatabase;

class PostgresAdminApiTest extends AdminApiContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.postgres();
    }
}
