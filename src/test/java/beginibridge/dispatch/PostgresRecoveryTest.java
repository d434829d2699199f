package beginibridge.dispatch;

import beginibridge.support.TestDatabase;

class PostgresRecoveryTest extends RecoveryContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.postgres();
    }
}
