package beginibridge;

import beginibridge.cli.BridgeCli;
import org.apache.camel.main.Main;

/**
 * Starts the receiver (everything else is application.properties and the YAML routes), or runs one of the jar's
 * commands ({@code sign}, {@code send}, {@code --help}).
 */
public final class BeginiBridge {

    private BeginiBridge() {
    }

    public static void main(String[] args) throws Exception {
        if (BridgeCli.handles(args)) {
            System.exit(BridgeCli.run(args));
        }
        Main main = new Main();
        System.exit(main.run(args));
    }
}
