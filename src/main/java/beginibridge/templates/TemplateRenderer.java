package beginibridge.templates;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

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

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final UnaryOperator<String> json = JsonStrings::escape;
    private final UnaryOperator<String> text = value -> value;
    private final File directory;
    private final Map<String, Compiled> compiled = new ConcurrentHashMap<>();

    /** A compiled template and the modification time of the file it came from (0 for a packaged one). */
    private record Compiled(long modified, Mustache template) {
    }

    /**
     * @param directory where the templates are read from: empty for those packaged in the jar, or a folder (such as a
     *                  mounted ConfigMap) holding {@code crm/} and {@code email/}, whose edited files are used from
     *                  the next delivery on
     */
    public TemplateRenderer(String directory) {
        this.directory = directory == null || directory.isBlank() ? null : new File(directory);
    }

    /** Mustache's factory with the escaping of the template's output format instead of HTML's. */
    private static final class EscapingFactory extends DefaultMustacheFactory {

        private final UnaryOperator<String> escape;

        EscapingFactory(String classpathRoot, UnaryOperator<String> escape) {
            super(classpathRoot);
            this.escape = escape;
        }

        EscapingFactory(File fileRoot, UnaryOperator<String> escape) {
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

    private String render(UnaryOperator<String> escape, String name, Map<String, Object> model) {
        long modified = directory == null ? 0 : new File(directory, name).lastModified();
        Compiled template = compiled.compute((escape == json ? "json:" : "text:") + name,
                (key, known) -> known != null && known.modified() == modified ? known
                        : new Compiled(modified, compile(escape, name)));
        StringWriter out = new StringWriter();
        template.template().execute(out, model);
        return out.toString();
    }

    /** A new factory each time: its own cache would keep serving a template edited since. */
    private Mustache compile(UnaryOperator<String> escape, String name) {
        MustacheFactory factory = directory == null ? new EscapingFactory("templates", escape)
                : new EscapingFactory(directory, escape);
        try {
            return factory.compile(name);
        } catch (MustacheException missing) {
            throw new PermanentDeliveryFailure("template " + name + " cannot be read: " + missing.getMessage());
        }
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
