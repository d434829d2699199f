package beginibridge.cli;

import java.util.LinkedHashMap;
import java.util.Map;

import picocli.CommandLine.Option;

/** {@code --setting name=value}: one of the bridge's settings for this command only, as in application.properties. */
final class SettingOptions {

    @Option(names = "--setting", paramLabel = "NAME=VALUE", description = "A setting for this command, as in"
            + " application.properties (e.g. templates.dir=templates). Secrets belong in the environment"
            + " (DB_PASSWORD...), which is read as the bridge reads it. Repeatable.")
    Map<String, String> settings = new LinkedHashMap<>();
}
