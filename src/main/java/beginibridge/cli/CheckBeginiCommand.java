package beginibridge.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import beginibridge.settings.IdValueList;
import org.apache.camel.impl.DefaultCamelContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The go-live check: asks Begini's test API to fire a test webhook at the URL set in Beacon, explains Begini's answer,
 * and confirms that the webhook reached this bridge's inbox, which only the bridge can see.
 */
@Command(name = "check-begini", mixinStandardHelpOptions = true,
        description = {"Asks Begini to send its test webhook (POST {begini.api-url}/v1/webhooks-management/test),"
                + " explains the answer, then waits for the webhook to arrive in the bridge's inbox. Exit code 0 only"
                + " when Begini delivered it and it arrived.",
                "The API key is the integration's from begini.api-keys (BEGINI_API_KEYS), or from --key-file or the"
                        + " variable --key-env names; it is never printed.",
                "The inbox is read through the admin API when an admin token is given (ADMIN_TOKEN), else in the"
                        + " database (DB_URL, DB_USER, DB_PASSWORD).",
                "Example: BEGINI_API_KEYS=... ADMIN_TOKEN=... java -jar begini-bridge.jar check-begini"})
final class CheckBeginiCommand implements Callable<Integer> {

    @Option(names = "--api-url", paramLabel = "URL", description = "Begini's API (default: setting begini.api-url).")
    URI apiUrl;

    @Option(names = "--integration", paramLabel = "ID", description = "Whose key to use when begini.api-keys lists"
            + " several integrations.")
    String integration;

    @Option(names = "--key-env", paramLabel = "NAME", defaultValue = "BEGINI_API_KEY", description = "Environment"
            + " variable holding the API key, used instead of begini.api-keys when set (default: ${DEFAULT-VALUE}).")
    String keyEnv;

    @Option(names = "--key-file", paramLabel = "FILE", description = "File holding the API key; overrides the rest.")
    Path keyFile;

    @Option(names = "--admin-url", paramLabel = "URL", description = "Management address of the bridge, for the"
            + " admin API (default: http://{management.host}:{management.port}).")
    URI adminUrl;

    @Option(names = "--token-env", paramLabel = "NAME", defaultValue = "ADMIN_TOKEN",
            description = "Environment variable holding the admin token (default: ${DEFAULT-VALUE}).")
    String tokenEnv;

    @Option(names = "--token-file", paramLabel = "FILE", description = "File holding the admin token.")
    Path tokenFile;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "30",
            description = "How long to wait for the test webhook to arrive (default: ${DEFAULT-VALUE}).")
    int waitSeconds;

    @Mixin
    SettingOptions settingOptions = new SettingOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (DefaultCamelContext camel = BridgeSettings.context(settingOptions.settings)) {
            URI api = apiUrl != null ? apiUrl : URI.create(BridgeSettings.get(camel, "begini.api-url"));
            String key = key(camel);
            try (InboxWatch inbox = inbox(camel)) {
                InboxWatch.Latest before = null;
                String unreadable = null;
                try {
                    before = inbox.latest();
                } catch (IllegalStateException failed) {
                    unreadable = failed.getMessage(); // Begini's answer is worth having all the same
                }
                HttpResponse<String> answer = askForTestWebhook(api, key);
                boolean delivered = explain(answer, out);
                if (!delivered && answer.statusCode() != 422) {
                    return 1;
                }
                if (unreadable != null) {
                    out.println("Cannot check that it arrived: " + unreadable);
                    return 1;
                }
                InboxWatch.Latest arrived = inbox.awaitNewerThan(before, Duration.ofSeconds(waitSeconds));
                if (arrived == null) {
                    out.println("No new event reached the bridge's inbox (" + inbox.where() + ") within " + waitSeconds
                            + " s. " + (delivered ? "Begini delivered its test webhook to a receiver that answered"
                            + " 200, so the webhook URL set in Beacon's Deployment Centre points somewhere else (another"
                            + " instance, environment or proxy), or this command reads another bridge's inbox."
                            : "The bridge's error came from before the inbox, or from another receiver."));
                    return 1;
                }
                out.println("The test webhook arrived in the inbox: event " + arrived.id() + ", type "
                        + arrived.type() + ", status " + arrived.status() + ".");
                return delivered ? 0 : 1;
            }
        }
    }

    private static HttpResponse<String> askForTestWebhook(URI api, String key) throws IOException,
            InterruptedException {
        String base = api.toString().replaceAll("/+$", "");
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/webhooks-management/test"))
                .timeout(Duration.ofSeconds(90))
                .header("api-key", key)
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        try {
            return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
                    .send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException refused) {
            throw new IllegalStateException("cannot connect to Begini's API at " + base + " (begini.api-url)");
        }
    }

    /** Prints what Begini's answer means; true when Begini says the webhook was delivered. */
    static boolean explain(HttpResponse<String> answer, PrintWriter out) {
        int status = answer.statusCode();
        String body = shortened(answer.body());
        switch (status) {
            case 200 -> out.println("200: Begini sent its test webhook to the URL set in Beacon and got 200 back.");
            case 400 -> out.println("400: Begini received no API key. Give the integration's key (begini.api-keys,"
                    + " --key-file or --key-env).");
            case 403 -> out.println("403: Begini refused the API key as invalid. Check that it is this integration's"
                    + " key, and a Test key for the Test integration or a Production key for Production.");
            case 422 -> out.println("422: Begini reached the bridge but got an error instead of 200. Begini reports: "
                    + body);
            case 424 -> out.println("424: no webhook URL is set for this integration. Set it in Beacon's Deployment"
                    + " Centre: the bridge's public https address ending in the webhook path (begini.webhook.path).");
            case 503 -> out.println("503: Begini cannot reach the bridge at the webhook URL set in Beacon (DNS, a"
                    + " firewall or begini.allowed-sources, the TLS certificate, or the bridge is not running).");
            default -> out.println(status + ": an answer Begini does not document: " + body);
        }
        return status == 200;
    }

    private static String shortened(String body) {
        String text = body == null || body.isBlank() ? "(empty body)" : body.strip();
        return text.length() > 2000 ? text.substring(0, 2000) + "…" : text;
    }

    /** The API key: a file, a variable, or the integration's first key in begini.api-keys. Never printed. */
    private String key(DefaultCamelContext camel) throws IOException {
        if (keyFile != null || (System.getenv(keyEnv) != null && !System.getenv(keyEnv).isBlank())) {
            return Secrets.read(keyFile, keyEnv, "API key", "--key-file");
        }
        List<IdValueList.Entry> keys = IdValueList.parse(BridgeSettings.get(camel, "begini.api-keys"),
                "begini.api-keys", "integrationId=apiKey");
        List<String> integrations = keys.stream().map(IdValueList.Entry::id).distinct().toList();
        if (integrations.isEmpty()) {
            throw new IllegalArgumentException("no API key: set BEGINI_API_KEYS as for the bridge, or give"
                    + " --key-file or the variable " + keyEnv);
        }
        String chosen = integration != null ? integration : integrations.size() == 1 ? integrations.get(0) : null;
        if (chosen == null) {
            throw new IllegalArgumentException("begini.api-keys lists the integrations " + integrations
                    + ": name the one to check with --integration");
        }
        return keys.stream().filter(entry -> entry.id().equals(chosen)).map(IdValueList.Entry::value).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("begini.api-keys has no key for integration "
                        + chosen));
    }

    private InboxWatch inbox(DefaultCamelContext camel) throws IOException {
        boolean token = tokenFile != null || (System.getenv(tokenEnv) != null && !System.getenv(tokenEnv).isBlank());
        if (!token) {
            return InboxWatch.database(BridgeSettings.database(camel));
        }
        URI admin = adminUrl != null ? adminUrl : URI.create("http://" + BridgeSettings.get(camel, "management.host")
                .replace("0.0.0.0", "127.0.0.1") + ":" + BridgeSettings.get(camel, "management.port"));
        return InboxWatch.adminApi(admin, Secrets.read(tokenFile, tokenEnv, "admin token", "--token-file"));
    }
}
