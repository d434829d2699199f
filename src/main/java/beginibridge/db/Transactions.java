package beginibridge.db;

import java.sql.Connection;
import java.sql.SQLException;

/** Rolls back after a failure without letting a failed rollback hide the failure that caused it. */
public final class Transactions {

    private Transactions() {
    }

    public static void rollback(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailed) {
            cause.addSuppressed(rollbackFailed);
        }
    }
}
