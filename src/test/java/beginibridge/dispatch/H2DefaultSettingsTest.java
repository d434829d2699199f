package beginibridge.dispatch;

import beginibridge.support.TestDatabase;

class H2DefaultSettingsTest extends DefaultSettingsContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.h2();
    }
}
