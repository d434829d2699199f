package beginibridge.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a secret from a file or an environment variable: never from the command line, which others can see. */
final class Secrets {

    private Secrets() {
    }

    /** @param what what the secret is, for the error message ("API key", "admin token") */
    static String read(Path file, String environmentVariable, String what, String fileOption) throws IOException {
        String secret = file != null ? Files.readString(file, StandardCharsets.UTF_8).strip()
                : System.getenv(environmentVariable);
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException(file != null ? "the file " + file + " is empty"
                    : "no " + what + ": set the environment variable " + environmentVariable + " or use " + fileOption);
        }
        return secret;
    }
}
