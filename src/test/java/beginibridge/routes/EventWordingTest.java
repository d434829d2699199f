package beginibridge.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import beginibridge.cli.SampleWebhooks;
import beginibridge.support.BridgeTestSupport;
import beginibridge.support.TestDatabase;
import beginibridge.support.TestKeys;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

/** The routing table's table of event types: every documented type has its own words for the CRM and the mail. */
class EventWordingTest extends BridgeTestSupport {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.h2();
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of("begini.api-keys", "00000000000000000001=" + TestKeys.random());
    }

    @Test
    void should_word_every_documented_type_of_its_own() {
        for (String type : SampleWebhooks.TYPES) {
            Exchange described = describe(type);

            assertThat(described.getProperty("status", String.class)).as(type).startsWith("assessment ")
                    .doesNotContain("changed").doesNotContain("reported");
            assertThat(described.getProperty("mailStatus", String.class)).as(type).isNotBlank()
                    .doesNotContain("changed").doesNotContain("reported");
            assertThat(described.getProperty("crmTemplate", String.class)).as(type).startsWith("crm/");
        }
        assertThat(describe("application.complete").getProperty("mailStatus")).isEqualTo("was completed");
    }

    @Test
    void should_name_a_type_it_has_no_words_for() {
        Exchange described = describe("application.archived");

        assertThat(described.getProperty("status")).isEqualTo("reported application.archived");
        assertThat(described.getProperty("mailStatus")).isEqualTo("reported application.archived");
    }

    private Exchange describe(String type) {
        return template.send("direct:describe-event", exchange -> exchange.setProperty("eventType", type));
    }
}
