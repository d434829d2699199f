package beginibridge.intake;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;

import beginibridge.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;

/**
 * PostgreSQL's hooks: a row trigger that waits for an advisory lock the test holds (an APP-HOLD row), and a
 * constraint trigger deferred to the commit that refuses an APP-FAIL row, so that the write fails at its commit.
 */
class PostgresInboxGroupCommitTest extends InboxGroupCommitContract {

    private final int lockKey = ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
    private Connection holder;
    private boolean holding;

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.postgres();
    }

    @Override
    protected void installHooks() throws Exception {
        try (Connection connection = database().connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE FUNCTION inbox_test_hold() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                    + " IF NEW.uid LIKE 'APP-HOLD%' THEN PERFORM pg_advisory_lock_shared(" + lockKey + ");"
                    + " PERFORM pg_advisory_unlock_shared(" + lockKey + "); END IF; RETURN NEW; END $$");
            statement.execute("CREATE TRIGGER inbox_test_hold BEFORE INSERT ON begini_event FOR EACH ROW"
                    + " EXECUTE FUNCTION inbox_test_hold()");
            statement.execute("CREATE FUNCTION inbox_test_fail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                    + " IF NEW.uid LIKE 'APP-FAIL%' THEN RAISE EXCEPTION 'refused at commit by the test''s hook';"
                    + " END IF; RETURN NULL; END $$");
            statement.execute("CREATE CONSTRAINT TRIGGER inbox_test_fail AFTER INSERT ON begini_event"
                    + " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION inbox_test_fail()");
        }
        holder = database().connect();
    }

    @Override
    protected void holdWrites() throws SQLException {
        try (Statement statement = holder.createStatement()) {
            statement.execute("SELECT pg_advisory_lock(" + lockKey + ")");
        }
        holding = true;
    }

    @Override
    protected void releaseWrites() throws SQLException {
        if (holding) {
            try (Statement statement = holder.createStatement()) {
                statement.execute("SELECT pg_advisory_unlock(" + lockKey + ")");
            }
            holding = false;
        }
    }

    @Override
    protected boolean writeHeld() throws SQLException {
        try (PreparedStatement statement = holder.prepareStatement("SELECT count(*) FROM pg_locks WHERE"
                + " locktype = 'advisory' AND NOT granted AND classid = 0 AND objid::bigint = ?")) {
            statement.setLong(1, lockKey);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() && rows.getLong(1) > 0;
            }
        }
    }

    @AfterAll
    void closeHolder() throws SQLException {
        if (holder != null) {
            holder.close();
        }
    }
}
