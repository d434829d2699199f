package beginibridge.support;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * A JDBC driver in front of the real one that writes down what the application sends: every statement executed
 * (each row of a batch counts as one), and every call that waits for the database (an execute, a whole batch, a
 * commit or a rollback). A URL {@code jdbc:counting:<real URL>} reaches the real URL through it, so a pool or Flyway
 * uses it like any driver. The log of each real URL is kept apart, so tests sharing a JVM do not mix their counts.
 */
public final class CountingDriver implements Driver {

    private static final String PREFIX = "jdbc:counting:";
    private static final Map<String, Log> LOGS = new ConcurrentHashMap<>();

    static {
        try {
            DriverManager.registerDriver(new CountingDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** What the application sent on the connections of one database. */
    public static final class Log {
        private final List<String> statements = new ArrayList<>();
        private int calls;

        /** The SQL of every statement executed, in order (a batch of n rows appears n times). */
        public synchronized List<String> statements() {
            return List.copyOf(statements);
        }

        /** Calls that wait for the database's answer: executes, batches, commits, rollbacks. */
        public synchronized int calls() {
            return calls;
        }

        public synchronized void clear() {
            statements.clear();
            calls = 0;
        }

        private synchronized void executed(List<String> sql) {
            statements.addAll(sql);
            calls++;
        }

        private synchronized void ended(String how) {
            statements.add(how);
            calls++;
        }
    }

    /** The URL that reaches {@code realUrl} through this driver. */
    public static String url(String realUrl) {
        return PREFIX + realUrl;
    }

    /** The log of the connections made to {@code realUrl} through this driver. */
    public static Log log(String realUrl) {
        return LOGS.computeIfAbsent(realUrl, url -> new Log());
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        String realUrl = url.substring(PREFIX.length());
        Connection real = DriverManager.getConnection(realUrl, info);
        return proxy(Connection.class, real, new ConnectionHandler(real, log(realUrl)));
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    private static <T> T proxy(Class<T> type, Object target, InvocationHandler handler) {
        return type.cast(Proxy.newProxyInstance(CountingDriver.class.getClassLoader(), new Class<?>[] {type},
                handler));
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private record ConnectionHandler(Connection real, Log log) implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            Object result = CountingDriver.invoke(method, real, args);
            switch (method.getName()) {
                case "prepareStatement" -> {
                    return proxy(PreparedStatement.class, result,
                            new StatementHandler((Statement) result, (String) args[0], log));
                }
                case "createStatement" -> {
                    return proxy(Statement.class, result, new StatementHandler((Statement) result, null, log));
                }
                case "commit" -> log.ended("COMMIT");
                case "rollback" -> log.ended("ROLLBACK");
                default -> {
                }
            }
            return result;
        }
    }

    private static final class StatementHandler implements InvocationHandler {
        private final Statement real;
        private final String prepared;
        private final Log log;
        private final List<String> batch = new ArrayList<>();

        StatementHandler(Statement real, String prepared, Log log) {
            this.real = real;
            this.prepared = prepared;
            this.log = log;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            Object result = CountingDriver.invoke(method, real, args);
            String name = method.getName();
            if (name.equals("addBatch")) {
                batch.add(args == null || args.length == 0 ? prepared : (String) args[0]);
            } else if (name.equals("executeBatch") || name.equals("executeLargeBatch")) {
                log.executed(List.copyOf(batch));
                batch.clear();
            } else if (name.startsWith("execute")) {
                log.executed(List.of(args == null || args.length == 0 ? prepared : (String) args[0]));
            } else if (name.equals("clearBatch")) {
                batch.clear();
            }
            return result;
        }
    }
}
