package beginibridge.cli;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The jar's commands besides running the bridge: {@code sign} and {@code send}. */
@Command(name = "java -jar begini-bridge.jar", mixinStandardHelpOptions = true,
        description = {"Without a command, runs the bridge (settings: application.properties, environment).",
                "With one of the commands below, signs or sends webhooks the way Begini does."},
        subcommands = {SignCommand.class, SendCommand.class, CommandLine.HelpCommand.class})
public final class BridgeCli implements Runnable {

    /** Whether these arguments name a command of this CLI rather than options for the bridge. */
    public static boolean handles(String[] args) {
        return args.length > 0 && switch (args[0]) {
            case "sign", "send", "help", "--help", "-h", "--version", "-V" -> true;
            default -> false;
        };
    }

    public static int run(String[] args) {
        return run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    }

    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return new CommandLine(new BridgeCli())
                .setOut(out)
                .setErr(err)
                .setExecutionExceptionHandler((failure, command, parsed) -> {
                    command.getErr().println("error: " + failure.getMessage());
                    return 2;
                })
                .execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
