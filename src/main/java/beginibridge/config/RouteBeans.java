package beginibridge.config;

import beginibridge.db.DatabaseHealthCheck;
import beginibridge.db.MigratedDataSource;
import beginibridge.db.PayloadCipher;
import beginibridge.db.PayloadHash;
import beginibridge.db.PayloadRetention;
import beginibridge.delivery.Destinations;
import beginibridge.destination.database.ResultsWriter;
import beginibridge.destination.email.MailRecipient;
import beginibridge.destination.email.ReusedSmtpConnections;
import beginibridge.destination.email.SmtpSettings;
import beginibridge.destination.templates.TemplateRenderer;
import beginibridge.dispatch.DeliveryStore;
import beginibridge.dispatch.Dispatcher;
import beginibridge.dispatch.RetryPolicy;
import beginibridge.dispatch.WorkerQueues;
import beginibridge.intake.EnvelopeReader;
import beginibridge.intake.Inbox;
import beginibridge.intake.SignatureVerifier;
import beginibridge.metrics.DeliveryMetrics;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.NoTypeConversionAvailableException;
import org.apache.camel.TypeConversionException;
import org.apache.camel.component.mail.DefaultAuthenticator;
import org.apache.camel.component.mail.MailAuthenticator;

/**
 * Builds the parts the routes are made of (the bean declarations in YAML), each from its settings and the other beans
 * named, so that no argument is given by its position in a list. Not bean {@code properties} on a builder: Camel
 * consumes those on a first attempt, so a bean that refuses its settings would be retried without them and made
 * from defaults; here a retry reads the same settings and refuses them again.
 * <p>
 * A secret is random to whoever made it and may hold quotes, {@code ${…}} or {@code {{…}}}: it is read as written
 * ({@link #secret}), never passed through an expression Camel would parse. Nested placeholders are off
 * (application.properties), so a {@code {{…}}} inside is kept too.
 */
public final class RouteBeans implements CamelContextAware {

    private CamelContext context;

    public MigratedDataSource dataSource() {
        return new MigratedDataSource(setting("db.url"), setting("db.user"), setting("db.password"),
                setting("db.pool-size", int.class), setting("db.connection-timeout-ms", long.class));
    }

    public SignatureVerifier signatureVerifier() {
        return new SignatureVerifier(secret("begini.api-keys"), secret("begini.signature.algorithm"));
    }

    public PayloadCipher payloadCipher() {
        return new PayloadCipher(secret("payload.encryption-keys"));
    }

    public PayloadHash payloadHash() {
        return new PayloadHash(secret("payload.hash-key"));
    }

    public EnvelopeReader envelopeReader() {
        return new EnvelopeReader(setting("begini.max-body-bytes", long.class), setting("begini.max-future-skew"));
    }

    public Inbox inbox() {
        return new Inbox(bean("dataSource", MigratedDataSource.class), bean("payloadCipher", PayloadCipher.class),
                setting("db.inbox-write-timeout"), bean("payloadHash", PayloadHash.class),
                setting("db.inbox-batch-size", int.class));
    }

    public DeliveryStore deliveryStore() {
        return new DeliveryStore(bean("dataSource", MigratedDataSource.class),
                bean("payloadCipher", PayloadCipher.class));
    }

    public RetryPolicy retryPolicy() {
        return new RetryPolicy(setting("delivery.max-attempts", int.class), setting("delivery.initial-backoff"),
                setting("delivery.max-backoff"));
    }

    public WorkerQueues workerQueues() {
        return new WorkerQueues(setting("delivery.queue-size", int.class));
    }

    public Destinations destinations() {
        return new Destinations(context);
    }

    public Dispatcher dispatcher() {
        return new Dispatcher(bean("deliveryStore", DeliveryStore.class), bean("retryPolicy", RetryPolicy.class),
                setting("delivery.lease"), bean("destinations", Destinations.class),
                bean("deliveryMetrics", DeliveryMetrics.class), bean("workerQueues", WorkerQueues.class));
    }

    public ResultsWriter resultsWriter() {
        return new ResultsWriter(bean("dataSource", MigratedDataSource.class));
    }

    public TemplateRenderer templates() {
        return new TemplateRenderer(setting("templates.dir"), setting("delivery.max-rendered-bytes", int.class));
    }

    public MailRecipient mailRecipient() {
        return new MailRecipient(setting("mail.to"));
    }

    public SmtpSettings smtpProperties() {
        return new SmtpSettings(setting("smtp.starttls", boolean.class), setting("smtp.timeout-ms", long.class),
                setting("smtp.user"), setting("smtp.allow-plain-login", boolean.class));
    }

    public ReusedSmtpConnections smtpSender() {
        return new ReusedSmtpConnections(setting("smtp.host").trim(), setting("smtp.port", int.class),
                setting("smtp.timeout-ms", long.class), bean("smtpProperties", SmtpSettings.class),
                bean("smtpLogin", MailAuthenticator.class));
    }

    public DatabaseHealthCheck databaseHealthCheck() {
        return new DatabaseHealthCheck(bean("dataSource", MigratedDataSource.class));
    }

    public PayloadRetention payloadRetention() {
        return new PayloadRetention(bean("dataSource", MigratedDataSource.class),
                setting("retention.days", int.class), setting("retention.failed-days", int.class));
    }

    /** The SMTP login, or none when {@code smtp.user} is empty (a server without authentication). */
    public MailAuthenticator smtpLogin() {
        String user = secret("smtp.user");
        return user.isEmpty() ? new DefaultAuthenticator(null, null)
                : new DefaultAuthenticator(user, secret("smtp.password"));
    }

    private String secret(String name) {
        return context.getPropertiesComponent().resolveProperty(name).orElse("");
    }

    /** A setting as a {@code {{name}}} in a route would read it: a missing one stops the start. */
    private String setting(String name) {
        return context.resolvePropertyPlaceholders("{{" + name + "}}");
    }

    private <T> T setting(String name, Class<T> type) {
        try {
            return context.getTypeConverter().mandatoryConvertTo(type, setting(name).trim());
        } catch (NoTypeConversionAvailableException | TypeConversionException e) {
            throw new IllegalArgumentException(name + " '" + setting(name) + "' is not a " + type.getSimpleName());
        }
    }

    private <T> T bean(String name, Class<T> type) {
        T bean = context.getRegistry().lookupByNameAndType(name, type);
        if (bean == null) {
            throw new IllegalStateException("No bean " + name + " of type " + type.getSimpleName()
                    + " is declared before this one");
        }
        return bean;
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }

    @Override
    public void setCamelContext(CamelContext context) {
        this.context = context;
    }
}
