package beginibridge.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** {@code {{configured:name}}}, what a destination's route starts by: true for a setting given, false otherwise. */
class ConfiguredFunctionTest {

    @Test
    void should_say_whether_a_setting_is_given() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Properties settings = new Properties();
            settings.setProperty("crm.url", "http://127.0.0.1:9/crm");
            settings.setProperty("smtp.host", "");
            settings.setProperty("blank.host", "   ");
            camel.getPropertiesComponent().setInitialProperties(settings);
            ConfiguredFunction configured = new ConfiguredFunction(camel);
            camel.getPropertiesComponent().addPropertiesFunction(configured);

            assertThat(configured.getName()).isEqualTo("configured");
            assertThat(configured.apply("crm.url")).isEqualTo("true");
            assertThat(configured.apply(" crm.url ")).isEqualTo("true");
            assertThat(configured.apply("smtp.host")).isEqualTo("false");
            assertThat(configured.apply("blank.host")).isEqualTo("false");
            assertThat(configured.apply("not.a.setting")).isEqualTo("false");
            assertThat(camel.resolvePropertyPlaceholders("{{configured:crm.url}}")).isEqualTo("true");
        }
    }

    @Test
    void should_count_named_parameters_of_a_setting() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Properties settings = new Properties();
            settings.setProperty("enrich.sql", "SELECT * FROM a WHERE uid = :#uid AND i = :#integrationId");
            camel.getPropertiesComponent().setInitialProperties(settings);
            SqlParametersFunction parameters = new SqlParametersFunction(camel);

            assertThat(parameters.getName()).isEqualTo("sql-parameters");
            assertThat(parameters.apply("enrich.sql")).isEqualTo("2");
            assertThat(parameters.apply("missing.sql")).isEqualTo("0");
        }
    }
}
