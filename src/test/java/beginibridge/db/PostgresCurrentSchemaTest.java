package beginibridge.db;

import beginibridge.support.TestDatabase;

class PostgresCurrentSchemaTest extends CurrentSchemaContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.postgres();
    }

    @Override
    protected Dialect dialect() {
        return Dialect.POSTGRESQL;
    }
}
