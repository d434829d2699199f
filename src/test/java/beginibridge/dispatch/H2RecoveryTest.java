package beginibridge.dispatch;

import beginibridge.support.TestDatabase;

class H2RecoveryTest extends RecoveryContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.h2();
    }
}
