package beginibridge.intake;

import beginibridge.support.TestDatabase;

class PostgresIntakeTest extends IntakeContractTest {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.postgres();
    }
}
