package beginibridge.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Posts a correctly signed webhook, a realistic sample of any type or any body: the bridge's "trigger" command. */
@Command(name = "send", mixinStandardHelpOptions = true,
        description = {"Posts a signed webhook as Begini would, a sample of a type or a file's body, and prints the"
                + " answer.", "A sample has fresh times on each run, so each is a new event; --set changes values.",
                "Example: BEGINI_API_KEY=demo-key-not-a-secret java -jar begini-bridge.jar send"
                        + " --type application.expired --uid APP-2026-0005",
                "         ... send --file body.json --set event.details.percentage_completed=0.5"})
final class SendCommand implements Callable<Integer> {

    @Mixin
    KeyOptions keys = new KeyOptions();

    @Option(names = "--url", defaultValue = "http://localhost:8080/webhooks/begini",
            description = "Webhook endpoint (default: ${DEFAULT-VALUE}).")
    URI url;

    @Mixin
    BodyOptions bodyOptions = new BodyOptions();

    @Option(names = "--header", defaultValue = "X-Signature",
            description = "Signature header: X-Signature (default) or X-Begini-Signature.")
    String header;

    @Option(names = "--body-out", description = "Only print the body that would be sent; nothing is posted.")
    boolean bodyOnly;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        byte[] body = bodyOptions.body();
        PrintWriter out = spec.commandLine().getOut();
        if (bodyOnly) {
            out.println(new String(body, StandardCharsets.UTF_8));
            return 0;
        }
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header(header, Hmac.hex(body, keys.key(), keys.algorithm))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
                .send(request, HttpResponse.BodyHandlers.ofString());
        out.println(response.statusCode() + " " + response.body());
        return response.statusCode() == 200 ? 0 : 1;
    }
}
