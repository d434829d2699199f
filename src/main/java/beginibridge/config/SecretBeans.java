package beginibridge.config;

import beginibridge.db.PayloadCipher;
import beginibridge.db.PayloadHash;
import beginibridge.intake.SignatureVerifier;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;

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
