package beginibridge.logging;

import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.ClassicConstants;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;
import org.slf4j.Logger;

/**
 * The bridge's log set up in code, found by Logback as a service: reading the same from an XML file made Logback load
 * an XML parser and its whole configuration model, some 600 classes and about a sixth of a start. A file named by
 * {@code -Dlogback.configurationFile} is still read instead, as Logback documents.
 * <p>
 * Lines go through one writer thread ({@code async}): request and worker threads hand their lines to a queue and go
 * on. When the queue is four fifths full, TRACE, DEBUG and INFO lines are dropped; WARN and ERROR are never dropped
 * (a thread waits for room rather than lose one). {@code LOG_FORMAT=json} (environment or -D) writes one JSON object
 * per line ({@link JsonLineLayout}), for log collectors; anything else the text lines ({@link TextLineLayout}). {@code LOG_LEVEL} (environment or -D) raises or lowers
 * the root logger; default INFO.
 */
public final class BridgeLogConfigurator extends ContextAwareBase implements Configurator {

    /**
     * Pinned whatever LOG_LEVEL says: at DEBUG or TRACE each of these prints values it is handed, which here are API
     * keys, tokens, passwords, encryption and uid hash keys, signatures, uids or payload text (README, Reliability,
     * Security). A level set on a logger is not inherited from the root, so raising the root leaves these at INFO.
     * (pgjdbc and Angus Mail log through java.util.logging, which is not raised, and H2 to its own trace file; none of
     * them reaches this log.)
     */
    static final List<String> PINNED_AT_INFO = List.of(
            // every property value as it is resolved: begini.api-keys, crm.token, admin.token, db.password, ...
            "org.apache.camel.component.properties",
            "org.apache.camel.impl.engine.DefaultCamelContextExtension",
            // endpoint URIs and their parameters before Camel masks them: the SMTP password of the mail endpoint
            "org.apache.camel.impl.engine.AbstractCamelContext",
            "org.apache.camel.support.EndpointHelper",
            "org.apache.camel.support.DefaultComponent",
            // the arguments of each bean call, which a route may make the payload or a uid
            "org.apache.camel.component.bean",
            // SQL parameter values: the uid of enrich.sql
            "org.apache.camel.component.sql",
            "org.apache.camel.component.jdbc",
            "org.springframework.jdbc.core.StatementCreatorUtils",
            // each mail's subject, which names the applicant
            "org.apache.camel.component.mail",
            // the CRM client's headers (Authorization: Bearer) and every byte sent and received (the payload)
            "org.apache.hc.client5.http.headers",
            "org.apache.hc.client5.http.wire",
            // the CRM call's full URI (a CRM URL's path or query may carry a token) and request line
            "org.apache.camel.component.http",
            "org.apache.hc.client5.http.impl",
            // each request's URL with its query string, where a caller may put a signature
            "io.vertx.ext.web");

    /** Quieter than the root for noise, not for secrets. */
    static final Map<String, Level> QUIETER = Map.of(
            "com.zaxxer.hikari", Level.WARN,
            "org.flywaydb", Level.WARN,
            // its endpoint summary names the management port's address as 0.0.0.0 whatever management.host binds; the
            // bridge's own start summary gives the address as bound
            "org.apache.camel.component.platform.http.main.MainHttpServerUtil", Level.WARN);

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty(ClassicConstants.CONFIG_FILE_PROPERTY) != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        // Logback's own start-up chatter stays quiet
        context.getStatusManager().add(new NopStatusListener());
        // Camel's own ERROR report of a failed start (a stack trace): the entry point prints one line instead
        CamelStartFailureFilter startFailure = new CamelStartFailureFilter();
        startFailure.setContext(context);
        startFailure.start();
        context.addTurboFilter(startFailure);

        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName(format());
        console.setEncoder(encoder(context, format().equals("json") ? new JsonLineLayout() : new TextLineLayout()));
        console.start();

        AsyncAppender async = new AsyncAppender();
        async.setContext(context);
        async.setName("async");
        async.setQueueSize(8192);
        async.setNeverBlock(false);
        async.setMaxFlushTime(2000);
        async.addAppender(console);
        async.start();

        PINNED_AT_INFO.forEach(name -> context.getLogger(name).setLevel(Level.INFO));
        QUIETER.forEach((name, level) -> context.getLogger(name).setLevel(level));
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(setting("LOG_LEVEL", "INFO")));
        root.addAppender(async);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** {@code text}, or {@code json} when LOG_FORMAT says so. */
    static String format() {
        return setting("LOG_FORMAT", "text").trim().equalsIgnoreCase("json") ? "json" : "text";
    }

    /** A -D system property, else the environment variable of that name, else the default. */
    private static String setting(String name, String otherwise) {
        String value = System.getProperty(name);
        if (value == null) {
            value = System.getenv(name);
        }
        return value == null || value.isBlank() ? otherwise : value;
    }

    private static Encoder<ILoggingEvent> encoder(LoggerContext context, Layout<ILoggingEvent> layout) {
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        return encoder;
    }
}
