package beginibridge.cli;

import beginibridge.support.TestDatabase;

/** {@code preview} with its record in H2. */
class H2PreviewTest extends PreviewContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.h2();
    }
}
