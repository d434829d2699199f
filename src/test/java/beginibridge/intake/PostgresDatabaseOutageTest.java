package beginibridge.intake;

import beginibridge.support.TcpProxy;
import beginibridge.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;

/** PostgreSQL keeps running; the network to it is cut and restored (a relay in front of it). */
class PostgresDatabaseOutageTest extends DatabaseOutageContract {

    TcpProxy network;

    @Override
    protected TestDatabase createDatabase() {
        TestDatabase database = TestDatabase.postgres();
        network = new TcpProxy(database.port());
        return database;
    }

    @Override
    protected String applicationDatabaseUrl() {
        return database().urlThrough(network.port());
    }

    @Override
    protected void cut() {
        network.cut();
    }

    @Override
    protected void restore() {
        network.restore();
    }

    @AfterAll
    void closeNetwork() {
        network.close();
    }
}
