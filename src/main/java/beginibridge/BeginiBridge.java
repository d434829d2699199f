package beginibridge;

import org.apache.camel.main.Main;

/** Starts the receiver: everything else is application.properties and the YAML routes. */
public final class BeginiBridge {

    private BeginiBridge() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main();
        System.exit(main.run(args));
    }
}
