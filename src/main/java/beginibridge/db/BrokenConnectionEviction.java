package beginibridge.db;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;

import beginibridge.failure.Causes;
import com.zaxxer.hikari.SQLExceptionOverride;

/**
 * Tells the pool to drop a connection whose failure says the connection itself is gone, whatever SQL state the
 * driver chose (H2 reports a lost server as 90067, which the pool does not know). Without it a pool kept busy by
 * webhooks can hand out the same dead connection for ever and the bridge never recovers from a database restart.
 */
public final class BrokenConnectionEviction implements SQLExceptionOverride {

    @java.lang.Override
    public Override adjudicate(SQLException failure) {
        boolean connectionGone = Causes.find(failure, SQLNonTransientConnectionException.class) != null
                || Causes.find(failure, SQLRecoverableException.class) != null;
        return connectionGone ? Override.MUST_EVICT : Override.CONTINUE_EVICT;
    }
}
