package beginibridge.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine.Option;

/** The body a command sends or previews: a built-in sample or a file, with values overridden by dotted path. */
final class BodyOptions {

    @Option(names = "--type", description = "A built-in sample of this event type: ${COMPLETION-CANDIDATES}.",
            completionCandidates = SampleWebhooks.Types.class)
    String type;

    @Option(names = "--file", paramLabel = "FILE", description = "The body to use, sent as its exact bytes unless"
            + " --set changes it (instead of --type).")
    Path file;

    @Option(names = "--uid", defaultValue = "APP-2026-0001", description = "With --type: the applicant's Unique ID "
            + "(default: ${DEFAULT-VALUE}, a demo record).")
    String uid;

    @Option(names = "--integration", defaultValue = "00000000000000000001",
            description = "With --type: integration id (default: ${DEFAULT-VALUE}).")
    String integration;

    @Option(names = "--set", paramLabel = "PATH=VALUE", description = {"Overrides one value of the body, by dotted"
            + " path (created when absent; a number indexes a list), e.g. --set event.details.percentage_completed=0.5"
            + " or --set event.reasons='[\"Missing data\"]'. The value is taken as JSON when it parses as JSON,"
            + " else as text. Repeatable."})
    List<String> overrides = new ArrayList<>();

    byte[] body() throws Exception {
        if ((type == null) == (file == null)) {
            throw new IllegalArgumentException("give either --type (a built-in sample) or --file (your own body)");
        }
        byte[] body = file != null ? Files.readAllBytes(file)
                : SampleWebhooks.body(type, uid, integration, Instant.now());
        return overrides.isEmpty() ? body : JsonOverrides.apply(body, overrides);
    }
}
