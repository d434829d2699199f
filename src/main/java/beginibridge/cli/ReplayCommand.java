package beginibridge.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Replays through the admin API: one event, or every event a filter selects (with a dry run first). */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Replays deliveries through the admin API of a running bridge and prints its answer.",
                "One event: replay --event ID. By filter: replay --destination crm --delivery-status dead [--dry-run].",
                "The admin token is read from ADMIN_TOKEN (or --token-env/--token-file), never the command line."})
final class ReplayCommand implements Callable<Integer> {

    @Option(names = "--url", defaultValue = "http://127.0.0.1:9876",
            description = "Management address of the bridge (default: ${DEFAULT-VALUE}).")
    URI url;

    @Option(names = "--event", paramLabel = "ID", description = "Replay this one event.")
    UUID event;

    @Option(names = "--status", description = "Filter: event status (received, routed, unrouted, quarantined).")
    String status;

    @Option(names = "--type", description = "Filter: event.type.")
    String type;

    @Option(names = "--uid", description = "Filter: the applicant's uid, exactly.")
    String uid;

    @Option(names = "--destination", description = "Filter: destination (database, crm, email).")
    String destination;

    @Option(names = "--delivery-status", description = "Filter: delivery status (dead, unmatched, pending...).")
    String deliveryStatus;

    @Option(names = "--from", description = "Filter: received at or after (ISO-8601 instant).")
    String from;

    @Option(names = "--to", description = "Filter: received before (ISO-8601 instant).")
    String to;

    @Option(names = "--dry-run", description = "With a filter: list what would be replayed, change nothing.")
    boolean dryRun;

    @Option(names = "--token-env", paramLabel = "NAME", defaultValue = "ADMIN_TOKEN",
            description = "Environment variable holding the admin token (default: ${DEFAULT-VALUE}).")
    String tokenEnv;

    @Option(names = "--token-file", paramLabel = "FILE", description = "File holding the admin token.")
    Path tokenFile;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String path;
        if (event != null) {
            path = "/admin/events/" + event + "/replay";
        } else {
            Map<String, String> filter = new LinkedHashMap<>();
            put(filter, "status", status);
            put(filter, "type", type);
            put(filter, "uid", uid);
            put(filter, "destination", destination);
            put(filter, "delivery_status", deliveryStatus);
            put(filter, "from", from);
            put(filter, "to", to);
            if (filter.isEmpty()) {
                throw new IllegalArgumentException("give --event, or at least one filter (--destination,"
                        + " --delivery-status, --type, --uid, --status, --from, --to)");
            }
            if (dryRun) {
                filter.put("dry_run", "true");
            }
            path = "/admin/replay?" + filter.entrySet().stream()
                    .map(entry -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
        }
        HttpRequest request = HttpRequest.newBuilder(url.resolve(path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token())
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
                .send(request, HttpResponse.BodyHandlers.ofString());
        PrintWriter out = spec.commandLine().getOut();
        out.println(response.statusCode() + " " + response.body());
        return response.statusCode() == 200 ? 0 : 1;
    }

    private static void put(Map<String, String> filter, String name, String value) {
        if (value != null) {
            filter.put(name, value);
        }
    }

    private String token() throws java.io.IOException {
        return Secrets.read(tokenFile, tokenEnv, "admin token", "--token-file");
    }
}
