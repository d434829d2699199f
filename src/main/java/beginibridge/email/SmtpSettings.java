package beginibridge.email;

import java.util.Properties;

/** The JavaMail settings application.properties does not name directly: STARTTLS and the read/write timeouts. */
public final class SmtpSettings extends Properties {

    /**
     * Jakarta Mail looks its stream provider up with a ServiceLoader scan of the class path several times per mail
     * sent unless this system property names it: a fifth of the email workers' time.
     */
    private static final String STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";

    public SmtpSettings(boolean starttls, long timeoutMillis) {
        if (System.getProperty(STREAM_PROVIDER) == null) {
            System.setProperty(STREAM_PROVIDER, "org.eclipse.angus.mail.util.MailStreamProvider");
        }
        put("mail.smtp.starttls.enable", String.valueOf(starttls));
        put("mail.smtp.starttls.required", String.valueOf(starttls));
        put("mail.smtp.timeout", String.valueOf(timeoutMillis));
        put("mail.smtp.writetimeout", String.valueOf(timeoutMillis));
    }
}
