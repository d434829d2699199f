package beginibridge.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pool closes an H2 database, not H2's own shutdown hook: on SIGTERM that hook would close it while the bridge
 * still records the outcomes of the deliveries under way (they then failed, and the stop waited out its timeout).
 */
class MigratedDataSourceTest {

    @TempDir
    Path folder;

    @Test
    void should_leave_closing_an_h2_database_to_the_pool() throws Exception {
        String url = "jdbc:h2:file:" + folder.resolve("bridge") + ";WRITE_DELAY=0";
        try (MigratedDataSource pool = new MigratedDataSource(url, "sa", "", 2, 3000);
                Connection connection = pool.getConnection()) {
            assertThat(pool.getJdbcUrl()).isEqualTo(url + ";DB_CLOSE_ON_EXIT=FALSE");
            assertThat(connection.isValid(1)).as("H2 takes the setting").isTrue();
        }
    }

    @Test
    void should_keep_a_url_that_says_how_to_close_or_is_not_h2() {
        assertThat(MigratedDataSource.closedByThePool("jdbc:h2:mem:x;db_close_on_exit=TRUE"))
                .isEqualTo("jdbc:h2:mem:x;db_close_on_exit=TRUE");
        assertThat(MigratedDataSource.closedByThePool("jdbc:postgresql://127.0.0.1:5432/begini"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/begini");
        assertThat(MigratedDataSource.closedByThePool("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1"))
                .isEqualTo("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE");
    }
}
