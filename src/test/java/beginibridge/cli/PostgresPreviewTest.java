package beginibridge.cli;

import beginibridge.support.TestDatabase;

/** {@code preview} with its record in PostgreSQL. */
class PostgresPreviewTest extends PreviewContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.postgres();
    }
}
