package beginibridge.settings;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesFunction;

/**
 * {@code {{sql-parameters:enrich.sql}}} is how many named parameters ({@code :#uid}) the query in that setting binds:
 * told it, camel-sql need not ask the database to describe the statement before each query (a round trip). A query
 * with a positional {@code ?} gives 0, which leaves camel-sql to ask as before.
 */
public final class SqlParametersFunction implements PropertiesFunction {

    private static final Pattern NAMED = Pattern.compile(":#(\\$\\{[^}]*}|[A-Za-z_][A-Za-z0-9_]*)");

    private final CamelContext context;

    public SqlParametersFunction(CamelContext context) {
        this.context = context;
    }

    @Override
    public String getName() {
        return "sql-parameters";
    }

    @Override
    public String apply(String setting) {
        return Integer.toString(count(context.resolvePropertyPlaceholders("{{" + setting.trim() + ":}}")));
    }

    /** The query with each named parameter as a {@code ?}: as the database is asked to prepare it. */
    public static String positional(String sql) {
        return NAMED.matcher(sql).replaceAll("?");
    }

    static int count(String sql) {
        if (sql.indexOf('?') >= 0) {
            return 0;
        }
        Matcher named = NAMED.matcher(sql);
        int count = 0;
        while (named.find()) {
            count++;
        }
        return count;
    }
}
