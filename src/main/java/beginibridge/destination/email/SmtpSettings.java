package beginibridge.destination.email;

import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The JavaMail settings application.properties does not name directly: STARTTLS and the read/write timeouts. Made
 * once at startup, it also refuses an SMTP login without STARTTLS, which would send the password in clear.
 */
public final class SmtpSettings extends Properties {

    /**
     * Jakarta Mail looks its stream provider up with a ServiceLoader scan of the class path several times per mail
     * sent unless this system property names it: a fifth of the email workers' time.
     */
    private static final String STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";

    /**
     * Without an executor of its own, every SMTP connection starts a thread to time its writes out.
     * One daemon thread serves them all.
     */
    private static final ScheduledExecutorService WRITE_TIMEOUTS = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "smtp-write-timeouts");
        thread.setDaemon(true);
        return thread;
    });

    public SmtpSettings(boolean starttls, long timeoutMillis, String user, boolean allowPlainLogin) {
        if (user != null && !user.isBlank() && !starttls && !allowPlainLogin) {
            throw new IllegalArgumentException("smtp.user is set but smtp.starttls is false: the SMTP password would"
                    + " cross the network in clear (set smtp.starttls=true, or smtp.allow-plain-login=true for a"
                    + " server on a trusted network)");
        }
        if (System.getProperty(STREAM_PROVIDER) == null) {
            System.setProperty(STREAM_PROVIDER, "org.eclipse.angus.mail.util.MailStreamProvider");
        }
        put("mail.smtp.starttls.enable", String.valueOf(starttls));
        put("mail.smtp.starttls.required", String.valueOf(starttls));
        put("mail.smtp.timeout", String.valueOf(timeoutMillis));
        put("mail.smtp.writetimeout", String.valueOf(timeoutMillis));
        put("mail.smtp.executor.writetimeout", WRITE_TIMEOUTS);
    }
}
