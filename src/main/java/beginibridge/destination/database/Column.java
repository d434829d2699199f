package beginibridge.destination.database;

import java.sql.Types;

/**
 * A column the database destination writes: its SQL type (a bound value is cast to it where the database cannot
 * tell it from the statement, as in H2's MERGE source rows) and the JDBC type that binds its null.
 */
record Column(String name, String type, int jdbcType) {

    static Column text(String name) {
        return new Column(name, "CHARACTER VARYING", Types.VARCHAR);
    }

    static Column text(String name, int length) {
        return new Column(name, "VARCHAR(" + length + ")", Types.VARCHAR);
    }

    static Column bigint(String name) {
        return new Column(name, "BIGINT", Types.BIGINT);
    }

    static Column integer(String name) {
        return new Column(name, "INTEGER", Types.INTEGER);
    }
}
