package beginibridge.cli;

import java.io.IOException;
import java.nio.file.Path;

import picocli.CommandLine.Option;

/** Where a command reads the API key from: never the command line, which other users of the machine can see. */
final class KeyOptions {

    @Option(names = "--key-env", paramLabel = "NAME", defaultValue = "BEGINI_API_KEY",
            description = "Environment variable holding the integration's API key (default: ${DEFAULT-VALUE}).")
    String keyEnv;

    @Option(names = "--key-file", paramLabel = "FILE",
            description = "File holding the API key (surrounding blanks ignored); overrides --key-env.")
    Path keyFile;

    @Option(names = "--algorithm", defaultValue = "HmacSHA512",
            description = "HMAC algorithm: HmacSHA512 (default) or HmacSHA256.")
    String algorithm;

    String key() throws IOException {
        return Secrets.read(keyFile, keyEnv, "API key", "--key-file");
    }
}
