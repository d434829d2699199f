package beginibridge.destination.templates;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import beginibridge.delivery.DeliveryExchange;
import beginibridge.delivery.PermanentDeliveryFailure;
import beginibridge.failure.Causes;
import beginibridge.json.Json;
import beginibridge.json.JsonStrings;
import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.MustacheFactory;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders the CRM payloads and emails from the Mustache templates under templates/. In a {@code .json} template
 * every value is escaped as JSON string content, and the result must parse as JSON; in text templates values are
 * written as they are. What a template sees is {@link TemplateScope}'s. A rendering larger than
 * {@code delivery.max-rendered-bytes} is refused while it is written, as a permanent failure.
 */
public final class TemplateRenderer {

    private static final Logger LOG = LoggerFactory.getLogger(TemplateRenderer.class);

    private final UnaryOperator<String> json = JsonStrings::escape;
    private final UnaryOperator<String> text = value -> value;
    private final File directory;
    private final int maxRenderedBytes;
    private final Map<Key, Compiled> compiled = new ConcurrentHashMap<>();

    /** A compiled template and the modification time of the file it came from (0 for a packaged one). */
    private record Compiled(long modified, Mustache template) {
    }

    /** A template as compiled for one escaping (JSON or none): the same file may be used with either. */
    private record Key(UnaryOperator<String> escape, String name) {
    }

    /**
     * @param directory where the templates are read from: empty for those packaged in the jar, or a folder (such as a
     *                  mounted ConfigMap) holding {@code crm/} and {@code email/}, whose edited files are used from
     *                  the next delivery on
     * @param maxRenderedBytes the largest payload, mail subject or mail body a template may render, in UTF-8 bytes
     */
    public TemplateRenderer(String directory, int maxRenderedBytes) {
        if (maxRenderedBytes < 1) {
            throw new IllegalArgumentException("delivery.max-rendered-bytes must be at least 1");
        }
        this.directory = directory == null || directory.isBlank() ? null : new File(directory);
        this.maxRenderedBytes = maxRenderedBytes;
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
        String name = exchange.getProperty(DeliveryExchange.CRM_TEMPLATE, String.class);
        String rendered = render(json, name, TemplateScope.of(exchange));
        try {
            Json.mapper().readTree(rendered);
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
        String name = exchange.getProperty(DeliveryExchange.EMAIL_TEMPLATE, String.class);
        Map<String, Object> scope = TemplateScope.of(exchange);
        String subject = render(text, name + ".subject.mustache", scope).replaceAll("[\\r\\n\\t]+", " ").trim();
        exchange.setProperty(DeliveryExchange.MAIL_SUBJECT, subject.substring(0, Math.min(subject.length(), 200)));
        exchange.getMessage().setBody(render(text, name + ".txt.mustache", scope));
    }

    /**
     * Compiles the template {@code name} (a CRM payload template, or an email template's subject or body file) and
     * says why it cannot be used, or null when it can: the start refuses to run with a routed template missing.
     */
    public String problem(String name) {
        try {
            compile(text, name);
            return null;
        } catch (PermanentDeliveryFailure unusable) {
            return unusable.getMessage();
        }
    }

    private String render(UnaryOperator<String> escape, String name, Map<String, Object> scope) {
        long modified = directory == null ? 0 : new File(directory, name).lastModified();
        Compiled template = compiled.compute(new Key(escape, name),
                (key, known) -> known != null && known.modified() == modified ? known : recompiled(key, known,
                        modified));
        BoundedWriter out = new BoundedWriter(name, maxRenderedBytes);
        try {
            template.template().execute(out, scope);
        } catch (MustacheException failed) {
            PermanentDeliveryFailure tooLarge = Causes.find(failed, PermanentDeliveryFailure.class);
            throw tooLarge != null ? tooLarge : failed;
        }
        return out.toString();
    }

    /**
     * A template edited since it was compiled, compiled again; an edit that does not compile (or a file removed) is
     * refused with one warning, and the version compiled before stays in force until the file is fixed.
     */
    private Compiled recompiled(Key key, Compiled known, long modified) {
        try {
            return new Compiled(modified, compile(key.escape(), key.name()));
        } catch (PermanentDeliveryFailure unusable) {
            if (known == null) {
                throw unusable;
            }
            LOG.warn("Template {} was edited but is refused, the previous version stays in force: {}", key.name(),
                    unusable.getMessage());
            return new Compiled(modified, known.template());
        }
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
}
