package beginibridge.settings;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How many parameters camel-sql is told a query binds: each named one, or 0 (ask the database) for a positional. */
class SqlParametersFunctionTest {

    @Test
    void should_count_each_named_parameter_where_it_is_bound() {
        assertThat(SqlParametersFunction.count("SELECT * FROM applicant WHERE uid = :#uid AND integration_id ="
                + " :#integrationId")).isEqualTo(2);
        assertThat(SqlParametersFunction.count("SELECT * FROM a WHERE uid = :#uid OR alias = :#uid")).isEqualTo(2);
        assertThat(SqlParametersFunction.count("SELECT * FROM a WHERE uid = :#${exchangeProperty.uid}")).isEqualTo(1);
        assertThat(SqlParametersFunction.count("SELECT 1")).isZero();
    }

    @Test
    void should_leave_a_query_with_a_positional_parameter_to_camel() {
        assertThat(SqlParametersFunction.count("SELECT * FROM a WHERE uid = ? AND b = :#b")).isZero();
        assertThat(SqlParametersFunction.count("?:#b")).as("a ? first of all").isZero();
    }

    @Test
    void should_write_each_named_parameter_as_a_question_mark_for_the_database() {
        assertThat(SqlParametersFunction.positional("SELECT a FROM t WHERE uid = :#uid AND i = :#${header.x}"))
                .isEqualTo("SELECT a FROM t WHERE uid = ? AND i = ?");
    }
}
