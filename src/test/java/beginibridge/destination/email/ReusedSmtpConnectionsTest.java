package beginibridge.destination.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import beginibridge.support.FreePorts;
import beginibridge.support.TcpProxy;
import beginibridge.support.TestKeys;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.component.mail.DefaultAuthenticator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The email workers' SMTP connections, counted where they arrive (a relay in front of the server): one per worker
 * however many mails it sends, a new one once the server dropped the old, at most a hundred mails on one, the login
 * offered on each new connection.
 */
class ReusedSmtpConnectionsTest {

    private final GreenMail smtp = new GreenMail(new ServerSetup(FreePorts.next(), "127.0.0.1", "smtp"));
    private final TcpProxy relay;
    private final List<ReusedSmtpConnections> senders = new ArrayList<>();

    ReusedSmtpConnectionsTest() {
        smtp.start();
        relay = new TcpProxy(smtp.getSmtp().getPort());
    }

    @AfterEach
    void stop() {
        senders.forEach(ReusedSmtpConnections::close);
        relay.close();
        smtp.stop();
    }

    @Test
    void should_send_every_mail_of_a_worker_on_one_connection() throws Exception {
        ReusedSmtpConnections sender = sender(new DefaultAuthenticator(null, null));

        for (int i = 0; i < 20; i++) {
            sender.send(mail(sender, "mail " + i));
        }

        assertThat(smtp.getReceivedMessages()).hasSize(20);
        assertThat(relay.accepted()).as("connections opened for 20 mails by one worker").isEqualTo(1);
        assertThat(sender.openConnections()).isEqualTo(1);
    }

    @Test
    void should_give_each_worker_a_connection_of_its_own() throws Exception {
        ReusedSmtpConnections sender = sender(new DefaultAuthenticator(null, null));
        ExecutorService workers = Executors.newFixedThreadPool(3);
        try {
            List<Callable<Void>> sends = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                String subject = "mail " + i;
                sends.add(() -> {
                    sender.send(mail(sender, subject));
                    return null;
                });
            }
            for (Future<Void> sent : workers.invokeAll(sends)) {
                sent.get();
            }
        } finally {
            workers.shutdown();
        }

        assertThat(smtp.getReceivedMessages()).hasSize(30);
        assertThat(relay.accepted()).as("connections for 30 mails by 3 workers").isBetween(1, 3);
    }

    @Test
    void should_open_a_new_connection_when_the_server_dropped_the_old_one() throws Exception {
        ReusedSmtpConnections sender = sender(new DefaultAuthenticator(null, null));
        sender.send(mail(sender, "before"));

        relay.dropConnections();
        sender.send(mail(sender, "after"));

        assertThat(smtp.getReceivedMessages()).hasSize(2);
        assertThat(relay.accepted()).isEqualTo(2);
    }

    @Test
    void should_not_carry_more_than_a_hundred_mails_on_one_connection() throws Exception {
        ReusedSmtpConnections sender = sender(new DefaultAuthenticator(null, null));

        for (int i = 0; i < ReusedSmtpConnections.MAILS_PER_CONNECTION + 1; i++) {
            sender.send(mail(sender, "mail " + i));
        }

        assertThat(relay.accepted()).isEqualTo(2);
    }

    @Test
    void should_log_in_on_each_new_connection_with_the_configured_password() throws Exception {
        String password = TestKeys.random();
        smtp.setUser("bridge@bridge.test", "bridge-login", password);
        ReusedSmtpConnections sender = sender(new DefaultAuthenticator("bridge-login", password));
        sender.send(mail(sender, "logged in"));
        assertThat(smtp.getReceivedMessages()).hasSize(1);

        smtp.getUserManager().getUser("bridge-login").setPassword(TestKeys.random());
        relay.dropConnections();

        assertThatThrownBy(() -> sender.send(mail(sender, "refused")))
                .isInstanceOf(MessagingException.class);
        assertThat(smtp.getReceivedMessages()).hasSize(1);
    }

    private ReusedSmtpConnections sender(DefaultAuthenticator login) {
        ReusedSmtpConnections sender = new ReusedSmtpConnections("127.0.0.1", relay.port(), 2000,
                new SmtpSettings(false, 2000, login.getPasswordAuthentication().getUserName(), true), login);
        senders.add(sender);
        return sender;
    }

    private static MimeMessage mail(ReusedSmtpConnections sender, String subject) throws MessagingException {
        MimeMessage mail = new MimeMessage(sender.getSession());
        mail.setFrom(new InternetAddress("bridge@bridge.test"));
        mail.setRecipient(Message.RecipientType.TO, new InternetAddress("officer@bridge.test"));
        mail.setSubject(subject);
        mail.setText("text");
        return mail;
    }
}
