package beginibridge.intake;

import beginibridge.support.TestDatabase;

class H2KeyedPayloadHashTest extends KeyedPayloadHashContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.h2();
    }
}
