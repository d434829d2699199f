package beginibridge.intake;

import beginibridge.support.TestDatabase;

class PostgresKeyedPayloadHashTest extends KeyedPayloadHashContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.postgres();
    }
}
