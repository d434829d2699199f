package beginibridge.destination.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import beginibridge.delivery.PermanentDeliveryFailure;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The renderer on its own: what templates see of an event's lists and objects, and where rendering stops. */
class TemplateRendererTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CAP = 262_144;

    private final DefaultCamelContext camel = new DefaultCamelContext();

    @TempDir
    Path templates;

    @AfterEach
    void closeCamel() throws Exception {
        camel.close();
    }

    @Test
    void should_mail_a_list_in_percentage_completed_once_as_its_json_text() throws Exception {
        String list = IntStream.range(0, 2000).mapToObj(Integer::toString).collect(Collectors.joining(",", "[", "]"));
        Exchange exchange = event("application.expired", "{\"percentage_completed\":" + list + "}");
        exchange.setProperty("emailTemplate", "email/journey-ended");

        new TemplateRenderer("", CAP).email(exchange);

        assertThat(exchange.getMessage().getBody(String.class))
                .containsOnlyOnce(list).contains("Completed: " + list + " of the assessment.");
    }

    @Test
    void should_show_a_share_as_a_person_reads_it_in_the_mail_and_the_crm_payload() throws Exception {
        Exchange mail = event("application.expired", "{\"percentage_completed\":\"0.333333333333333\"}");
        mail.setProperty("emailTemplate", "email/journey-ended");
        Exchange crm = event("application.incomplete", "{\"percentage_completed\":\"0.866666666666667\"}");
        crm.setProperty("crmTemplate", "crm/status.json.mustache");

        new TemplateRenderer("", CAP).email(mail);
        new TemplateRenderer("", CAP).crmPayload(crm);

        assertThat(mail.getMessage().getBody(String.class)).contains("Completed: 33 % of the assessment.")
                .doesNotContain("0.333");
        com.fasterxml.jackson.databind.JsonNode payload = JSON.readTree(crm.getMessage().getBody(String.class));
        assertThat(payload.get("percentage_completed").asText()).isEqualTo("0.866666666666667");
        assertThat(payload.get("percentage_completed_text").asText()).isEqualTo("87 %");
    }

    @Test
    void should_show_a_share_that_is_not_a_fraction_as_it_came() throws Exception {
        template("{{#details}}[{{#percent}}{{value}}{{/percent}}]{{/details}}");
        String[] values = {"0", "1", "0.005", "0.004", " 0.25 ", "1.5", "-0.1", "half", "", "\"<b>\""};
        StringBuilder rendered = new StringBuilder();
        for (String value : values) {
            Exchange exchange = event("application.expired",
                    "{\"value\":" + JSON.writeValueAsString(value) + "}");
            new TemplateRenderer(templates.toString(), CAP).email(exchange);
            rendered.append(exchange.getMessage().getBody(String.class));
        }

        assertThat(rendered).hasToString("[0 %][100 %][1 %][0 %][25 %][1.5][-0.1][half][][\"<b>\"]");
    }

    @Test
    void should_show_lists_and_objects_as_json_text_except_the_reasons_and_the_traits() throws Exception {
        template("{{details.flags}}|{{details.calculated}}|{{calculated.score}}|{{calculated.weights}}"
                + "|{{#calculated.traits}}{{key}}={{value}};{{/calculated.traits}}|{{#reasons}}({{.}}){{/reasons}}");
        Exchange exchange = event("psychometric_score.complete", "{\"flags\":[\"a\",\"b\"],\"calculated\":{"
                + "\"score\":{\"v\":1},\"weights\":[1,2],\"traits\":[{\"key\":\"grit\",\"value\":[3]},{\"key\":\"calm\","
                + "\"value\":4}]}}", "[\"plain\",[1],{\"x\":2}]");

        new TemplateRenderer(templates.toString(), CAP).email(exchange);

        assertThat(exchange.getMessage().getBody(String.class)).isEqualTo("[\"a\",\"b\"]"
                + "|{\"score\":{\"v\":1},\"weights\":[1,2],\"traits\":[{\"key\":\"grit\",\"value\":[3]},"
                + "{\"key\":\"calm\",\"value\":4}]}|{\"v\":1}|[1,2]|grit=[3];calm=4;|(plain)([1])({\"x\":2})");
    }

    @Test
    void should_stop_rendering_as_soon_as_the_cap_is_passed() throws Exception {
        template("{{#calculated.traits}}{{json.calculated}}{{/calculated.traits}}");
        String traits = IntStream.range(0, 100_000).mapToObj(i -> "{\"key\":\"k" + i + "\"}")
                .collect(Collectors.joining(",", "[", "]"));
        Exchange exchange = event("psychometric_score.complete", "{\"calculated\":{\"traits\":" + traits + "}}");

        assertThatThrownBy(() -> new TemplateRenderer(templates.toString(), CAP).email(exchange))
                .as("100,000 copies of 1.9 MB would not fit in memory: only stopping early gets here")
                .isInstanceOf(PermanentDeliveryFailure.class)
                .hasMessage("template email/probe.txt.mustache rendered more than 262144 bytes"
                        + " (delivery.max-rendered-bytes)");
    }

    @Test
    void should_count_the_cap_in_utf8_bytes() throws Exception {
        template("{{details.name}}");
        TemplateRenderer renderer = new TemplateRenderer(templates.toString(), 10);
        Exchange fits = event("application.expired", "{\"name\":\"\u00e9\u263a\ud83d\ude00x\"}");
        Exchange tooLong = event("application.expired", "{\"name\":\"\u00e9\u263a\ud83d\ude00xx\"}");

        renderer.email(fits);

        assertThat(fits.getMessage().getBody(String.class)).as("2 + 3 + 4 + 1 bytes")
                .isEqualTo("\u00e9\u263a\ud83d\ude00x");
        assertThatThrownBy(() -> renderer.email(tooLong)).isInstanceOf(PermanentDeliveryFailure.class)
                .hasMessageContaining("rendered more than 10 bytes");
    }

    @Test
    void should_refuse_a_cap_below_one_byte() {
        assertThatThrownBy(() -> new TemplateRenderer("", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("delivery.max-rendered-bytes must be at least 1");
    }

    /** A mail template {@code email/probe} in the template folder: the given body and an empty subject. */
    private void template(String body) throws IOException {
        Files.createDirectories(templates.resolve("email"));
        Files.writeString(templates.resolve("email/probe.subject.mustache"), "");
        Files.writeString(templates.resolve("email/probe.txt.mustache"), body);
    }

    /**
     * {@code json.<name>} is written when a template asks for it; the map still answers like any other: its four
     * names and no other (a name it lacks is looked up in the scopes around it), each value the JSON text.
     */
    @Test
    void should_offer_the_json_texts_by_name_and_no_other_name() throws Exception {
        Exchange exchange = event("application.expired", "{\"percentage_completed\":\"0.5\"}", "[\"expired\"]");
        exchange.setProperty("applicant", Map.of("crm_id", "CRM-1"));

        @SuppressWarnings("unchecked")
        Map<String, String> json = (Map<String, String>) TemplateScope.of(exchange).get("json");

        assertThat(json).isEqualTo(Map.of("details", "{\"percentage_completed\":\"0.5\"}", "reasons",
                "[\"expired\"]", "calculated", "null", "applicant", "{\"crm_id\":\"CRM-1\"}"));
        assertThat(json.containsKey("reasons")).isTrue();
        assertThat(json.containsKey("uid")).as("left to the scopes around it").isFalse();
        assertThat(json.get("uid")).isNull();
    }

    private Exchange event(String type, String detailsJson) throws IOException {
        return event(type, detailsJson, null);
    }

    /** An exchange as the email route hands it to the renderer; {@code reasonsJson} null for none. */
    private Exchange event(String type, String detailsJson, String reasonsJson) throws IOException {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(JSON.readValue("{\"uid\":\"APP-1\",\"event\":{\"type\":\"" + type
                + "\",\"details\":" + detailsJson + (reasonsJson == null ? "" : ",\"reasons\":" + reasonsJson)
                + "}}", Map.class));
        exchange.setProperty("eventId", "0190a000-0000-7000-8000-000000000001");
        exchange.setProperty("eventType", type);
        exchange.setProperty("status", "expired");
        exchange.setProperty("emailTemplate", "email/probe");
        return exchange;
    }
}
