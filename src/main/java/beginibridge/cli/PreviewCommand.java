package beginibridge.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Shows what the bridge would do with a body, delivering nothing: for trying routes and templates without Begini. */
@Command(name = "preview", mixinStandardHelpOptions = true,
        description = {"Runs the routing table, the enrichment and the templates on a body in this process, with the"
                + " bridge's settings (application.properties, the environment), and prints the destinations chosen,"
                + " the internal record found, the CRM payload and the mail. Nothing is delivered or written.",
                "Example: java -jar begini-bridge.jar preview --file body.json --set event.type=application.expired",
                "         ... preview --type application.expired --uid APP-2026-0005 --routes 'file:routes/*.camel.yaml'"
                        + " --setting templates.dir=templates"})
final class PreviewCommand implements Callable<Integer> {

    @Mixin
    BodyOptions bodyOptions = new BodyOptions();

    @Option(names = "--routes", paramLabel = "PATTERN", description = "Where the editable routes are read from, e.g."
            + " 'file:routes/*.camel.yaml' (default: the bridge's, from camel.main.routes-include-pattern).")
    String routes;

    @Mixin
    SettingOptions settingOptions = new SettingOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        byte[] body = bodyOptions.body();
        return new Preview(settingOptions.settings, routes).run(body, spec.commandLine().getOut()) ? 0 : 1;
    }
}
