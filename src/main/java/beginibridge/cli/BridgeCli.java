package beginibridge.cli;

import java.io.PrintWriter;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The jar's commands besides running the bridge: {@code sign}, {@code send}, {@code preview}, {@code check-begini}
 * and {@code replay}.
 */
@Command(name = "java -jar begini-bridge.jar", mixinStandardHelpOptions = true,
        versionProvider = BridgeCli.Version.class,
        description = {"Without a command, runs the bridge (settings: application.properties, environment).",
                "With one of the commands below, signs or sends webhooks the way Begini does, previews what the bridge would"
                        + " do with one, checks the set-up with Begini's test API, or replays deliveries."},
        subcommands = {SignCommand.class, SendCommand.class, PreviewCommand.class, CheckBeginiCommand.class,
            ReplayCommand.class, CommandLine.HelpCommand.class})
public final class BridgeCli implements Runnable {

    /** Whether these arguments name a command of this CLI rather than options for the bridge. */
    public static boolean handles(String[] args) {
        return args.length > 0 && switch (args[0]) {
            case "sign", "send", "preview", "check-begini", "replay", "help", "--help", "-h", "--version", "-V" -> true;
            default -> false;
        };
    }

    public static int run(String[] args) {
        return run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    }

    /**
     * Runs a command with the log silenced (every logger, whatever its level): a command says in its own words what
     * went wrong, and the lines of the Camel context and the connection pool that preview and check-begini use would
     * bury that.
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        LoggerContext logs = (LoggerContext) LoggerFactory.getILoggerFactory();
        TurboFilter silence = new TurboFilter() {
            @Override
            public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
                    Throwable t) {
                return FilterReply.DENY;
            }
        };
        silence.start();
        logs.addTurboFilter(silence);
        try {
            return execute(args, out, err);
        } finally {
            logs.getTurboFilterList().remove(silence);
        }
    }

    private static int execute(String[] args, PrintWriter out, PrintWriter err) {
        return new CommandLine(new BridgeCli())
                .setOut(out)
                .setErr(err)
                .setExecutionExceptionHandler((failure, command, parsed) -> {
                    command.getErr().println("error: " + describe(failure));
                    return 1;
                })
                .execute(args);
    }

    /** A message for people: what failed, even when the exception has no message of its own. */
    static String describe(Exception failure) {
        if (failure instanceof java.net.ConnectException) {
            return "cannot connect (is the bridge running at that URL?)";
        }
        if (failure instanceof java.nio.file.NoSuchFileException missing) {
            return "no such file: " + missing.getFile();
        }
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }

    /** The jar's version, from its manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = BridgeCli.class.getPackage().getImplementationVersion();
            return new String[] {"begini-bridge " + (version == null ? "(development build)" : version)};
        }
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
