package beginibridge.intake;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import beginibridge.support.TestDatabase;
import org.h2.api.Trigger;

class H2InboxGroupCommitTest extends InboxGroupCommitContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.h2();
    }

    @Override
    protected void installHooks() throws Exception {
        try (Connection connection = database().connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TRIGGER inbox_test_hooks BEFORE INSERT ON begini_event FOR EACH ROW CALL '"
                    + Hooks.class.getName() + "'");
        }
    }

    @Override
    protected void holdWrites() {
        synchronized (Hooks.LOCK) {
            Hooks.holding = true;
        }
    }

    @Override
    protected void releaseWrites() {
        synchronized (Hooks.LOCK) {
            Hooks.holding = false;
            Hooks.LOCK.notifyAll();
        }
    }

    @Override
    protected boolean writeHeld() {
        synchronized (Hooks.LOCK) {
            return Hooks.held > 0;
        }
    }

    /** H2 runs in this JVM: its trigger holds or refuses the insert of a marked row (uid is the third column). */
    public static final class Hooks implements Trigger {

        static final Object LOCK = new Object();
        static boolean holding;
        static int held;

        @Override
        public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
            String uid = (String) newRow[2];
            if (uid == null) {
                return;
            }
            if (uid.startsWith("APP-FAIL")) {
                throw new SQLException("Refused by the test's hook");
            }
            if (uid.startsWith("APP-HOLD")) {
                synchronized (LOCK) {
                    held++;
                    try {
                        while (holding) {
                            LOCK.wait();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new SQLException("Interrupted while held", e);
                    } finally {
                        held--;
                    }
                }
            }
        }
    }
}
