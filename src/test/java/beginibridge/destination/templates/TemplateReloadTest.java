package beginibridge.destination.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;

import beginibridge.delivery.DeliveryExchange;
import beginibridge.delivery.PermanentDeliveryFailure;
import beginibridge.support.LogCapture;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the renderer does with an edited template, the CRM body, the mail subject and the reasons flag. */
class TemplateReloadTest {

    private final DefaultCamelContext camel = new DefaultCamelContext();

    @TempDir
    Path templates;

    @AfterEach
    void closeCamel() throws Exception {
        camel.close();
    }

    @Test
    void should_render_an_edited_template_from_its_next_use_on() throws Exception {
        Path body = write("crm/probe.json.mustache", "{\"v\":1,\"uid\":\"{{uid}}\"}", 1_000_000);
        TemplateRenderer renderer = new TemplateRenderer(templates.toString(), 1000);
        Exchange first = crm("APP-\"1\"");
        renderer.crmPayload(first);

        Files.writeString(body, "{\"v\":2,\"uid\":\"{{uid}}\"}");
        Files.setLastModifiedTime(body, FileTime.fromMillis(2_000_000));
        Exchange second = crm("APP-2");
        renderer.crmPayload(second);

        assertThat(first.getMessage().getBody(String.class)).as("escaped for JSON")
                .isEqualTo("{\"v\":1,\"uid\":\"APP-\\\"1\\\"\"}");
        assertThat(second.getMessage().getBody(String.class)).isEqualTo("{\"v\":2,\"uid\":\"APP-2\"}");
    }

    @Test
    void should_keep_the_previous_template_when_an_edit_does_not_compile() throws Exception {
        Path body = write("crm/probe.json.mustache", "{\"v\":1}", 1_000_000);
        TemplateRenderer renderer = new TemplateRenderer(templates.toString(), 1000);
        renderer.crmPayload(crm("APP-1"));
        LogCapture log = LogCapture.attach();
        try {
            Files.writeString(body, "{\"v\":{{#open}}2}");
            Files.setLastModifiedTime(body, FileTime.fromMillis(2_000_000));
            Exchange afterBrokenEdit = crm("APP-2");
            renderer.crmPayload(afterBrokenEdit);
            renderer.crmPayload(crm("APP-3"));

            assertThat(afterBrokenEdit.getMessage().getBody(String.class)).isEqualTo("{\"v\":1}");
            assertThat(log.lines()).filteredOn(line -> line.startsWith("WARN")).singleElement().asString()
                    .contains("Template crm/probe.json.mustache was edited but is refused, the previous version"
                            + " stays in force");
        } finally {
            log.detach();
        }
    }

    @Test
    void should_say_why_a_template_cannot_be_used_or_nothing_when_it_can() throws Exception {
        write("crm/probe.json.mustache", "{\"v\":1}", 1_000_000);
        write("crm/broken.json.mustache", "{{#open}}", 1_000_000);
        TemplateRenderer renderer = new TemplateRenderer(templates.toString(), 1000);

        assertThat(renderer.problem("crm/probe.json.mustache")).isNull();
        assertThat(renderer.problem("crm/missing.json.mustache"))
                .startsWith("template crm/missing.json.mustache cannot be read: ");
        assertThat(renderer.problem("crm/broken.json.mustache"))
                .startsWith("template crm/broken.json.mustache cannot be read: ");
    }

    @Test
    void should_refuse_a_crm_body_that_is_not_json_for_good() throws Exception {
        write("crm/probe.json.mustache", "{\"uid\": {{uid}}}", 1_000_000);

        assertThatThrownBy(() -> new TemplateRenderer(templates.toString(), 1000).crmPayload(crm("APP-1")))
                .isInstanceOf(PermanentDeliveryFailure.class)
                .hasMessage("template crm/probe.json.mustache rendered invalid JSON");
    }

    @Test
    void should_keep_a_subject_of_up_to_200_characters_on_one_line() throws Exception {
        write("email/probe.txt.mustache", "body", 1_000_000);
        write("email/probe.subject.mustache", "{{uid}}", 1_000_000);
        TemplateRenderer renderer = new TemplateRenderer(templates.toString(), 1000);

        Exchange exact = mail("s".repeat(200), null);
        renderer.email(exact);
        Exchange longer = mail("a\r\n\tb" + "l".repeat(300), null);
        renderer.email(longer);

        assertThat(exact.getProperty(DeliveryExchange.MAIL_SUBJECT)).isEqualTo("s".repeat(200));
        assertThat(longer.getProperty(DeliveryExchange.MAIL_SUBJECT, String.class)).hasSize(200)
                .startsWith("a b" + "l");
        assertThat(exact.getMessage().getBody(String.class)).isEqualTo("body");
    }

    @Test
    void should_tell_templates_whether_there_are_reasons() throws Exception {
        write("email/probe.subject.mustache", "s", 1_000_000);
        write("email/probe.txt.mustache", "{{#has_reasons}}some{{/has_reasons}}{{^has_reasons}}none{{/has_reasons}}",
                1_000_000);
        TemplateRenderer renderer = new TemplateRenderer(templates.toString(), 1);
        Exchange some = mail("APP-1", List.of("age"));
        Exchange empty = mail("APP-1", List.of());
        Exchange absent = mail("APP-1", null);

        assertThatThrownBy(() -> renderer.email(some)).as("a cap of one byte is a cap")
                .isInstanceOf(PermanentDeliveryFailure.class);
        TemplateRenderer roomy = new TemplateRenderer(templates.toString(), 100);
        roomy.email(some);
        roomy.email(empty);
        roomy.email(absent);

        assertThat(some.getMessage().getBody(String.class)).isEqualTo("some");
        assertThat(empty.getMessage().getBody(String.class)).isEqualTo("none");
        assertThat(absent.getMessage().getBody(String.class)).isEqualTo("none");
    }

    private Path write(String name, String text, long modifiedMillis) throws Exception {
        Path file = templates.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.fromMillis(modifiedMillis));
        return file;
    }

    private Exchange crm(String uid) {
        Exchange exchange = exchange(uid, null);
        exchange.setProperty(DeliveryExchange.CRM_TEMPLATE, "crm/probe.json.mustache");
        return exchange;
    }

    private Exchange mail(String uid, List<String> reasons) {
        Exchange exchange = exchange(uid, reasons);
        exchange.setProperty(DeliveryExchange.EMAIL_TEMPLATE, "email/probe");
        return exchange;
    }

    private Exchange exchange(String uid, List<String> reasons) {
        Exchange exchange = new DefaultExchange(camel);
        Map<String, Object> event = reasons == null ? Map.of("type", "application.expired", "details", Map.of())
                : Map.of("type", "application.expired", "details", Map.of(), "reasons", reasons);
        exchange.getMessage().setBody(Map.of("uid", uid, "event", event));
        exchange.setProperty(DeliveryExchange.UID, uid);
        return exchange;
    }
}
