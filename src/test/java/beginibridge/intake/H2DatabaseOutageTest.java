package beginibridge.intake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;

import beginibridge.support.FreePorts;
import beginibridge.support.TestDatabase;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterAll;

/** An H2 file database served over TCP, stopped and started again. */
class H2DatabaseOutageTest extends DatabaseOutageContract {

    final int databasePort = FreePorts.next();
    final Path databaseDir = createTempDir();
    Server server;

    @Override
    protected TestDatabase createDatabase() {
        restore();
        return TestDatabase.at("jdbc:h2:tcp://127.0.0.1:" + databasePort + "/outage", "sa", "");
    }

    @Override
    protected void cut() {
        server.stop();
    }

    @Override
    protected void restore() {
        try {
            server = Server.createTcpServer("-tcpPort", String.valueOf(databasePort), "-ifNotExists",
                    "-baseDir", databaseDir.toString()).start();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    void stopServer() {
        server.stop();
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("bridge-outage");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
