package beginibridge;

import beginibridge.cli.BridgeCli;
import beginibridge.failure.Causes;
import beginibridge.logging.Logs;
import beginibridge.settings.SettingProblem;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the receiver (everything else is application.properties and the YAML routes), or runs one of the jar's
 * commands ({@code sign}, {@code send}, {@code --help}). A start that fails ends with one line saying why (the full
 * cause at DEBUG) and exit code 1.
 */
public final class BeginiBridge {

    private static final Logger LOG = LoggerFactory.getLogger(BeginiBridge.class);
    private static final String VERTX_DNS_OFF = "vertx.disableDnsResolver";
    private static final String VERTX_CLASSPATH_FILES_OFF = "vertx.disableFileCPResolving";

    private BeginiBridge() {
    }

    public static void main(String[] args) throws Exception {
        if (BridgeCli.handles(args)) {
            System.exit(BridgeCli.run(args));
        }
        useSystemResolverForVertx();
        noClasspathFilesForVertx();
        Logs.flushAtJvmShutdown();
        Main main = new Main();
        int exitCode;
        try {
            exitCode = main.run(args);
        } catch (Exception failure) {
            LOG.error(startFailure(failure));
            LOG.debug("The start failed with", failure);
            Logs.flush();
            System.exit(1);
            return;
        }
        Logs.flushAfterShutdownHook();
        System.exit(exitCode);
    }

    /**
     * Vert.x serves the webhook and management ports only and never resolves a name but the address each listens on;
     * its own DNS client (Netty's, a few hundred classes read at every start, with its own reading of resolv.conf)
     * buys nothing here, so the JVM's resolver does that one lookup. {@code -Dvertx.disableDnsResolver=false} keeps
     * Vert.x's.
     */
    static void useSystemResolverForVertx() {
        if (System.getProperty(VERTX_DNS_OFF) == null) {
            System.setProperty(VERTX_DNS_OFF, "true");
        }
    }

    /**
     * Vert.x serves no file on either port (the console's pages are read from the jar by the bridge itself), so its
     * resolving of files from the class path, which makes a cache folder under the temporary directory and a
     * shutdown hook to delete it for each of the two Vert.x instances at every start, is left off.
     * {@code -Dvertx.disableFileCPResolving=false} keeps it.
     */
    static void noClasspathFilesForVertx() {
        if (System.getProperty(VERTX_CLASSPATH_FILES_OFF) == null) {
            System.setProperty(VERTX_CLASSPATH_FILES_OFF, "true");
        }
    }

    /**
     * The line a failed start ends with: the setting at fault when a check named it, else the innermost cause's own
     * words (the most specific; Camel wraps them several times over), first line only.
     */
    static String startFailure(Throwable failure) {
        SettingProblem setting = Causes.find(failure, SettingProblem.class);
        Throwable told = setting != null ? setting : innermostWithMessage(failure);
        String message = told.getMessage() == null ? told.getClass().getName() : told.getMessage();
        return "The bridge did not start: " + message.lines().findFirst().orElse("").trim();
    }

    private static Throwable innermostWithMessage(Throwable failure) {
        Throwable found = failure;
        for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                found = cause;
            }
        }
        return found;
    }
}
