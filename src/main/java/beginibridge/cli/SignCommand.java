package beginibridge.cli;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Prints the signature of a body, to check a sender or to sign a request by hand. */
@Command(name = "sign", mixinStandardHelpOptions = true,
        description = {"Prints the X-Signature of a webhook body: the hex HMAC of its exact bytes.",
                "Example: BEGINI_API_KEY=... java -jar begini-bridge.jar sign event.json"})
final class SignCommand implements Callable<Integer> {

    @Mixin
    KeyOptions keys = new KeyOptions();

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "The body to sign; standard input when absent.")
    Path file;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        byte[] body;
        if (file != null) {
            body = Files.readAllBytes(file);
        } else {
            try (InputStream in = System.in) {
                body = in.readAllBytes();
            }
        }
        spec.commandLine().getOut().println(Hmac.hex(body, keys.key(), keys.algorithm));
        return 0;
    }
}
