package beginibridge.destination.email;

import java.io.Closeable;
import java.io.IOException;
import java.util.Date;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.component.mail.DefaultJavaMailSender;
import org.apache.camel.component.mail.MailAuthenticator;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SMTP sender of the email destination: each email worker keeps its connection (and its login, and STARTTLS)
 * from one mail to the next, for as long as the server keeps it, instead of Camel's connect, EHLO, login and QUIT
 * around every mail. A kept connection is used as it is (no NOOP first). When a mail fails on it before its end
 * (the final dot of DATA) was sent, the server cannot have taken that mail: the connection had been closed (an idle
 * timeout, a server restart, a limit of mails per connection: EOF, a reset, a 421) and the same mail goes at once on
 * a new connection, once. Any other failure drops the connection and fails the mail (the delivery's retries take
 * over), and the next mail opens a new one.
 */
public final class ReusedSmtpConnections extends DefaultJavaMailSender implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(ReusedSmtpConnections.class);

    private final ThreadLocal<EndTrackingTransport> ofThisWorker = new ThreadLocal<>();
    private final Set<EndTrackingTransport> open = ConcurrentHashMap.newKeySet();

    /**
     * Angus Mail's SMTP transport, telling whether the end of the mail being sent went out: the final dot of DATA (or
     * the last BDAT chunk). Until it has, the server has not taken the mail.
     */
    static final class EndTrackingTransport extends SMTPTransport {

        private boolean endSent;

        EndTrackingTransport(Session session) {
            super(session, new URLName("smtp", null, -1, null, null, null));
        }

        void send(MimeMessage message) throws MessagingException {
            endSent = false;
            sendMessage(message, message.getAllRecipients());
        }

        boolean endSent() {
            return endSent;
        }

        @Override
        protected void finishData() throws IOException, MessagingException {
            endSent = true;
            super.finishData();
        }

        @Override
        protected void finishBdat() throws IOException, MessagingException {
            endSent = true;
            super.finishBdat();
        }
    }

    /**
     * @param settings STARTTLS and the read/write timeouts ({@link SmtpSettings})
     * @param login    the login, or an authenticator without a user for a server that asks for none
     */
    public ReusedSmtpConnections(String host, int port, long connectTimeoutMillis, SmtpSettings settings,
            MailAuthenticator login) {
        setHost(host);
        setPort(port);
        setProtocol("smtp");
        setAuthenticator(login);
        Properties properties = new Properties();
        properties.putAll(settings);
        properties.put("mail.smtp.connectiontimeout", String.valueOf(connectTimeoutMillis));
        properties.put("mail.smtp.host", host);
        properties.put("mail.smtp.port", String.valueOf(port));
        PasswordAuthentication user = login.getPasswordAuthentication();
        properties.put("mail.smtp.auth", String.valueOf(user != null && user.getUserName() != null));
        setJavaMailProperties(properties);
    }

    /**
     * The mail session of these properties and login, made by the first mail rather than at start: making one loads
     * Jakarta Mail's providers and logging (some 170 classes), which a bridge without SMTP never needs. Synchronized
     * so that workers sending their first mails together share one.
     */
    @Override
    public synchronized Session getSession() {
        return super.getSession();
    }

    /** How many connections are open now, for the tests that count them. */
    int openConnections() {
        return open.size();
    }

    @Override
    public void send(MimeMessage message) throws MessagingException {
        if (message.getSentDate() == null) {
            message.setSentDate(new Date());
        }
        String messageId = message.getMessageID();
        message.saveChanges();
        if (messageId != null) {
            message.setHeader("Message-ID", messageId); // saveChanges makes a new one
        }
        EndTrackingTransport kept = ofThisWorker.get();
        if (kept != null) {
            try {
                sendOn(kept, message);
                return;
            } catch (MessagingException | RuntimeException e) {
                if (kept.endSent()) {
                    throw e; // the server may have taken it: the delivery's retry decides, not a second send here
                }
                LOG.debug("Kept SMTP connection no longer usable ({}); the mail goes on a new one",
                        e.getClass().getSimpleName());
            }
        }
        sendOn(connect(), message);
    }

    private void sendOn(EndTrackingTransport connection, MimeMessage message) throws MessagingException {
        try {
            connection.send(message);
        } catch (MessagingException | RuntimeException e) {
            drop(connection);
            throw e;
        }
    }

    /** A new connection for this worker, logged in. */
    private EndTrackingTransport connect() throws MessagingException {
        EndTrackingTransport connection = new EndTrackingTransport(getSession());
        PasswordAuthentication login = getPasswordAuthentication();
        connection.connect(getHost(), getPort(), login.getUserName(), login.getPassword());
        open.add(connection);
        ofThisWorker.set(connection);
        return connection;
    }

    private void drop(EndTrackingTransport connection) {
        open.remove(connection);
        if (ofThisWorker.get() == connection) {
            ofThisWorker.remove();
        }
        quit(connection);
    }

    /** Closes every worker's connection (QUIT), when the bridge stops. */
    @Override
    public void close() {
        for (EndTrackingTransport connection : Set.copyOf(open)) {
            open.remove(connection);
            quit(connection);
        }
    }

    private static void quit(EndTrackingTransport connection) {
        try {
            connection.close();
        } catch (MessagingException | RuntimeException e) {
            LOG.debug("SMTP connection closed with an error: {}", e.getClass().getSimpleName());
        }
    }
}
