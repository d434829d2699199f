package beginibridge.settings;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesFunction;

/**
 * {@code {{configured:crm.url}}} is {@code true} when the setting is there and not blank, else {@code false}: how a
 * destination's route says it is on only when its settings are given ({@code autoStartup}).
 */
public final class ConfiguredFunction implements PropertiesFunction {

    private final CamelContext context;

    public ConfiguredFunction(CamelContext context) {
        this.context = context;
    }

    @Override
    public String getName() {
        return "configured";
    }

    @Override
    public String apply(String setting) {
        return Boolean.toString(!context.resolvePropertyPlaceholders("{{" + setting.trim() + ":}}").isBlank());
    }
}
