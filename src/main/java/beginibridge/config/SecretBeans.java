package beginibridge.config;

import beginibridge.db.PayloadCipher;
import beginibridge.db.PayloadHash;
import beginibridge.intake.SignatureVerifier;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.component.mail.DefaultAuthenticator;
import org.apache.camel.component.mail.MailAuthenticator;

/**
 * Builds the beans made from secret settings (engine/beans.camel.yaml). A secret is random to whoever made it and may
 * hold quotes, {@code ${…}} or {@code {{…}}}: read here, as written, rather than passed as a bean argument, which
 * Camel would parse. Nested placeholders are off (application.properties), so a {@code {{…}}} inside is kept too.
 */
public final class SecretBeans implements CamelContextAware {

    private CamelContext context;

    public SignatureVerifier signatureVerifier() {
        return new SignatureVerifier(setting("begini.api-keys"), setting("begini.signature.algorithm"));
    }

    public PayloadCipher payloadCipher() {
        return new PayloadCipher(setting("payload.encryption-keys"));
    }

    public PayloadHash payloadHash() {
        return new PayloadHash(setting("payload.hash-key"));
    }

    /**
     * The SMTP login of the email destination, or none while smtp.user is empty: JavaMail then does not authenticate,
     * where an empty user would still be offered to a server that announces AUTH.
     */
    public MailAuthenticator smtpLogin() {
        String user = setting("smtp.user");
        return user.isEmpty() ? new DefaultAuthenticator(null, null)
                : new DefaultAuthenticator(user, setting("smtp.password"));
    }

    private String setting(String name) {
        return context.getPropertiesComponent().resolveProperty(name).orElse("");
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
