package beginibridge.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The versions on the classpath as Flyway names and orders them. */
class CurrentSchemaVersionsTest {

    @Test
    void should_find_every_versioned_migration_of_each_database() throws Exception {
        for (Dialect dialect : Dialect.values()) {
            List<String> versions = CurrentSchema.versionsAt(dialect.migrations()).orElseThrow();

            assertThat(versions).as("%s", dialect).contains("1", "2", "3", "7", "8").doesNotHaveDuplicates();
        }
        assertThat(CurrentSchema.versionsAt(Dialect.H2.migrations()).orElseThrow())
                .hasSameSizeAs(CurrentSchema.versionsAt(Dialect.POSTGRESQL.migrations()).orElseThrow());
    }

    @Test
    void should_leave_a_location_it_cannot_read_whole_to_flyway() throws Exception {
        assertThat(CurrentSchema.versionsAt(new String[] {"filesystem:db/migration"})).isEmpty();
        assertThat(CurrentSchema.versionsAt(new String[] {"classpath:db"})).as("holds sub-folders").isEmpty();
    }

    @Test
    void should_order_versions_numerically_part_by_part() {
        assertThat(CurrentSchema.compare("1.10", "1.9")).isPositive();
        assertThat(CurrentSchema.compare("10", "9")).isPositive();
        assertThat(CurrentSchema.compare("1.0", "1")).isZero();
        assertThat(CurrentSchema.compare("2_1", "2.1")).isZero();
        assertThat(CurrentSchema.compare("2", "2.0.1")).isNegative();
    }
}
