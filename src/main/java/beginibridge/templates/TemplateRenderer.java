package beginibridge.templates;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import beginibridge.dispatch.PermanentDeliveryFailure;
import beginibridge.json.JsonStrings;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.MustacheFactory;
import org.apache.camel.Exchange;

/**
 * Renders the CRM payloads and emails from the Mustache templates under templates/. In a {@code .json} template
 * every value is escaped as JSON string content, and the result must parse as JSON; in text templates values are
 * written as they are. A template sees: {@code event_id}, {@code event_type}, {@code uid}, {@code integration_id},
 * {@code status} (set by the route), {@code details}, {@code reasons} (and {@code has_reasons}), {@code calculated},
 * {@code applicant} (the internal record found by uid, absent when none matched), and {@code json.details}, {@code json.reasons},
 * {@code json.calculated}, {@code json.applicant}: the same values as JSON, to insert unescaped with triple braces.
 */
public final class TemplateRenderer {

    private final MustacheFactory json;
    private final MustacheFactory text;

    /**
     * @param directory where the templates are read from: empty for those packaged in the jar, or a folder (such as a
     *                  mounted ConfigMap) holding {@code crm/} and {@code email/}
     */
    public TemplateRenderer(String directory) {
        this.json = factory(directory, JsonStrings::escape);
        this.text = factory(directory, value -> value);
    }

    private static MustacheFactory factory(String directory, java.util.function.UnaryOperator<String> escape) {
        return directory == null || directory.isBlank()
                ? new EscapingFactory("templates", escape)
                : new EscapingFactory(new java.io.File(directory), escape);
    }

    /** Mustache's factory with the escaping of the template's output format instead of HTML's. */
    private static final class EscapingFactory extends DefaultMustacheFactory {

        private final java.util.function.UnaryOperator<String> escape;

        EscapingFactory(String classpathRoot, java.util.function.UnaryOperator<String> escape) {
            super(classpathRoot);
            this.escape = escape;
        }

        EscapingFactory(java.io.File fileRoot, java.util.function.UnaryOperator<String> escape) {
            super(fileRoot);
            this.escape = escape;
        }

        @Override
        public void encode(String value, Writer writer) {
            try {
                writer.write(escape.apply(value));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
    private final Map<String, Mustache> compiled = new ConcurrentHashMap<>();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Route step: the body becomes the CRM payload rendered from template {@code crmTemplate}. */
    public void crmPayload(Exchange exchange) {
        String name = exchange.getProperty("crmTemplate", String.class);
        String rendered = render(json, name, model(exchange));
        try {
            MAPPER.readTree(rendered);
        } catch (IOException invalid) {
            throw new PermanentDeliveryFailure("template " + name + " rendered invalid JSON");
        }
        exchange.getMessage().setBody(rendered);
    }

    /**
     * Route step: renders {@code emailTemplate}.subject.mustache into property {@code mailSubject} (on one line,
     * so no value can add a mail header) and {@code emailTemplate}.txt.mustache into the body.
     */
    public void email(Exchange exchange) {
        String name = exchange.getProperty("emailTemplate", String.class);
        Map<String, Object> model = model(exchange);
        String subject = render(text, name + ".subject.mustache", model).replaceAll("[\\r\\n\\t]+", " ").trim();
        exchange.setProperty("mailSubject", subject.length() > 200 ? subject.substring(0, 200) : subject);
        exchange.getMessage().setBody(render(text, name + ".txt.mustache", model));
    }

    private String render(MustacheFactory factory, String name, Map<String, Object> model) {
        Mustache template = compiled.computeIfAbsent((factory == json ? "json:" : "text:") + name, key -> {
            try {
                return factory.compile(name);
            } catch (MustacheException missing) {
                throw new PermanentDeliveryFailure("template " + name + " cannot be read: " + missing.getMessage());
            }
        });
        StringWriter out = new StringWriter();
        template.execute(out, model);
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> model(Exchange exchange) {
        Map<String, Object> webhook = exchange.getMessage().getBody(Map.class);
        Map<String, Object> event = webhook != null && webhook.get("event") instanceof Map<?, ?> map
                ? (Map<String, Object>) map : Map.of();
        Map<String, Object> details = event.get("details") instanceof Map<?, ?> map
                ? (Map<String, Object>) map : Map.of();
        Map<String, Object> model = new HashMap<>();
        model.put("event_id", exchange.getProperty("eventId"));
        model.put("event_type", exchange.getProperty("eventType"));
        model.put("uid", exchange.getProperty("uid"));
        model.put("integration_id", exchange.getProperty("integrationId"));
        model.put("status", exchange.getProperty("status"));
        model.put("details", details);
        model.put("reasons", event.get("reasons"));
        model.put("has_reasons", event.get("reasons") instanceof java.util.List<?> list && !list.isEmpty());
        model.put("calculated", details.get("calculated"));
        model.put("applicant", exchange.getProperty("applicant"));
        Map<String, String> json = new HashMap<>();
        for (String name : new String[] {"details", "reasons", "calculated", "applicant"}) {
            json.put(name, toJson(model.get(name)));
        }
        model.put("json", json);
        return model;
    }

    private static String toJson(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
