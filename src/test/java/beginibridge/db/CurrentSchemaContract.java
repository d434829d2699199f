package beginibridge.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import beginibridge.support.CountingDriver;
import beginibridge.support.Rows;
import beginibridge.support.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A start on a schema that is current already reads Flyway's history and nothing more; a schema behind, or one
 * whose history records a failure, is left to Flyway as before; instances starting together on an empty database
 * migrate it once.
 */
abstract class CurrentSchemaContract {

    private final List<MigratedDataSource> opened = new ArrayList<>();
    private TestDatabase database;

    protected abstract TestDatabase createDatabase();

    protected abstract Dialect dialect();

    @BeforeEach
    void createTheDatabase() {
        database = createDatabase();
    }

    @AfterEach
    void close() throws Exception {
        opened.forEach(MigratedDataSource::close);
        database.close();
    }

    @Test
    void should_start_on_a_current_schema_without_running_flyway_and_still_work() throws Exception {
        open().migrate();
        CountingDriver.Log sent = CountingDriver.log(database.url());
        sent.clear();

        MigratedDataSource second = open();
        second.migrate();

        assertThat(sent.statements()).as("one read of the history, no lock and no Flyway queries")
                .singleElement().asString().startsWith("SELECT").contains("flyway_schema_history");
        assertThat(second.dialect()).isEqualTo(dialect());
        try (Connection connection = second.getConnection(); Statement statement = connection.createStatement();
                ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM begini_application")) {
            assertThat(count.next()).isTrue();
            assertThat(count.getInt(1)).isZero();
        }
        assertThat(historyVersions()).as("nothing applied twice").doesNotHaveDuplicates()
                .hasSameSizeAs(available());
    }

    @Test
    void should_migrate_a_database_one_migration_behind() throws Exception {
        List<String> available = available();
        String secondNewest = available.stream().sorted(CurrentSchema::compare).toList().get(available.size() - 2);
        Flyway.configure().dataSource(database.url(), database.user(), database.password())
                .locations(dialect().migrations()).target(secondNewest).load().migrate();
        assertThat(historyVersions()).hasSize(available.size() - 1);

        open().migrate();

        assertThat(historyVersions()).hasSameSizeAs(available).doesNotHaveDuplicates();
        assertThat(Rows.query(database, "SELECT COUNT(*) AS missing FROM applicant WHERE integration_id IS NULL"))
                .as("the newest migration's column is there").containsExactly(Map.of("missing", 0L));
    }

    @Test
    void should_leave_a_history_with_a_failed_migration_to_flyway() throws Exception {
        open().migrate();
        Rows.execute(database, "UPDATE \"flyway_schema_history\" SET \"success\" = FALSE WHERE \"installed_rank\" ="
                + " (SELECT MAX(\"installed_rank\") FROM \"flyway_schema_history\")");

        MigratedDataSource next = open();

        assertThatThrownBy(next::migrate).as("Flyway's own verdict on a failed migration")
                .hasMessageContaining("failed");
        assertThat(next.isMigrated()).isFalse();
    }

    @Test
    void should_migrate_an_empty_database_once_when_instances_start_together() throws Exception {
        int instances = 3;
        CyclicBarrier together = new CyclicBarrier(instances);
        ExecutorService starts = Executors.newFixedThreadPool(instances);
        try {
            List<Future<Dialect>> started = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                MigratedDataSource instance = open();
                started.add(starts.submit((Callable<Dialect>) () -> {
                    together.await(10, TimeUnit.SECONDS);
                    instance.migrate();
                    return instance.dialect();
                }));
            }
            for (Future<Dialect> start : started) {
                assertThat(start.get(60, TimeUnit.SECONDS)).isEqualTo(dialect());
            }
        } finally {
            starts.shutdownNow();
        }

        assertThat(historyVersions()).doesNotHaveDuplicates().hasSameSizeAs(available());
    }

    private MigratedDataSource open() {
        MigratedDataSource dataSource = new MigratedDataSource(CountingDriver.url(database.url()), database.user(),
                database.password(), 2, 10_000);
        opened.add(dataSource);
        return dataSource;
    }

    private List<String> available() throws Exception {
        return CurrentSchema.versionsAt(dialect().migrations()).orElseThrow();
    }

    private List<Object> historyVersions() throws Exception {
        return Rows.query(database, "SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"version\" IS NOT NULL")
                .stream().map(row -> row.get("version")).toList();
    }
}
