package beginibridge.destination.email;

import java.io.Closeable;
import java.util.Date;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.component.mail.DefaultJavaMailSender;
import org.apache.camel.component.mail.MailAuthenticator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SMTP sender of the email destination: each email worker keeps its connection (and its login, and STARTTLS)
 * from one mail to the next, instead of Camel's connect, EHLO, login and QUIT around every mail. Before a connection
 * is used again the server is asked whether it is still there (NOOP); one it closed, or one that failed a send, is
 * dropped and the next mail opens a new one. A connection carries at most {@value #MAILS_PER_CONNECTION} mails, as
 * many servers allow no more.
 */
public final class ReusedSmtpConnections extends DefaultJavaMailSender implements Closeable {

    static final int MAILS_PER_CONNECTION = 100;
    private static final Logger LOG = LoggerFactory.getLogger(ReusedSmtpConnections.class);

    private final ThreadLocal<Connection> ofThisWorker = new ThreadLocal<>();
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();

    private static final class Connection {
        final Transport transport;
        int mails;

        Connection(Transport transport) {
            this.transport = transport;
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
        Connection connection = connection();
        try {
            if (message.getSentDate() == null) {
                message.setSentDate(new Date());
            }
            String messageId = message.getMessageID();
            message.saveChanges();
            if (messageId != null) {
                message.setHeader("Message-ID", messageId); // saveChanges makes a new one
            }
            connection.transport.sendMessage(message, message.getAllRecipients());
        } catch (MessagingException | RuntimeException e) {
            drop(connection);
            throw e;
        }
        if (++connection.mails >= MAILS_PER_CONNECTION) {
            drop(connection);
        }
    }

    /** This worker's connection if the server still answers on it, else a new one. */
    private Connection connection() throws MessagingException {
        Connection kept = ofThisWorker.get();
        if (kept != null) {
            if (kept.transport.isConnected()) {
                return kept;
            }
            drop(kept);
        }
        Transport transport = getTransport(getSession());
        PasswordAuthentication login = getPasswordAuthentication();
        transport.connect(getHost(), getPort(), login.getUserName(), login.getPassword());
        Connection connection = new Connection(transport);
        open.add(connection);
        ofThisWorker.set(connection);
        return connection;
    }

    private void drop(Connection connection) {
        open.remove(connection);
        if (ofThisWorker.get() == connection) {
            ofThisWorker.remove();
        }
        quit(connection);
    }

    /** Closes every worker's connection (QUIT), when the bridge stops. */
    @Override
    public void close() {
        for (Connection connection : Set.copyOf(open)) {
            open.remove(connection);
            quit(connection);
        }
    }

    private static void quit(Connection connection) {
        try {
            connection.transport.close();
        } catch (MessagingException | RuntimeException e) {
            LOG.debug("SMTP connection closed with an error: {}", e.getClass().getSimpleName());
        }
    }
}
