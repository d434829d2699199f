package beginibridge.dispatch;

import beginibridge.support.TestDatabase;

class PostgresDefaultSettingsTest extends DefaultSettingsContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.postgres();
    }
}
