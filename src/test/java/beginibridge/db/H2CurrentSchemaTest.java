package beginibridge.db;

import beginibridge.support.TestDatabase;

class H2CurrentSchemaTest extends CurrentSchemaContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.h2();
    }

    @Override
    protected Dialect dialect() {
        return Dialect.H2;
    }
}
