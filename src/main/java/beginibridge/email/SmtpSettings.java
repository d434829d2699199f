package beginibridge.email;

import java.util.Properties;

/** The JavaMail settings application.properties does not name directly: STARTTLS and the read/write timeouts. */
public final class SmtpSettings extends Properties {

    public SmtpSettings(boolean starttls, long timeoutMillis) {
        put("mail.smtp.starttls.enable", String.valueOf(starttls));
        put("mail.smtp.starttls.required", String.valueOf(starttls));
        put("mail.smtp.timeout", String.valueOf(timeoutMillis));
        put("mail.smtp.writetimeout", String.valueOf(timeoutMillis));
    }
}
