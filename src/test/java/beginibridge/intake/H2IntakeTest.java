package beginibridge.intake;

import beginibridge.support.TestDatabase;

class H2IntakeTest extends IntakeContractTest {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.h2();
    }
}
