package beginibridge.destination.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import beginibridge.support.CountingSmtpSink;
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
 * The email workers' SMTP connections, counted where they arrive (a relay in front of GreenMail, or a counting SMTP
 * sink): one per worker however many mails it sends, no NOOP before each mail, a new one once the server closed the
 * old (the mail that found it closed sent on the new one, once), a mail whose end was sent never sent twice, the
 * login offered on each new connection.
 */
class ReusedSmtpConnectionsTest {

    private final GreenMail smtp = new GreenMail(new ServerSetup(FreePorts.next(), "127.0.0.1", "smtp"));
    private final TcpProxy relay;
    private final List<ReusedSmtpConnections> senders = new ArrayList<>();
    private final List<CountingSmtpSink> sinks = new ArrayList<>();

    ReusedSmtpConnectionsTest() {
        smtp.start();
        relay = new TcpProxy(smtp.getSmtp().getPort());
    }

    @AfterEach
    void stop() {
        senders.forEach(ReusedSmtpConnections::close);
        sinks.forEach(CountingSmtpSink::close);
        relay.close();
        smtp.stop();
    }

    @Test
    void should_send_every_mail_of_a_worker_on_one_connection() throws Exception {
        ReusedSmtpConnections sender = sender(new DefaultAuthenticator(null, null));

        for (int i = 0; i < 250; i++) {
            sender.send(mail(sender, "mail " + i));
        }

        assertThat(smtp.getReceivedMessages()).hasSize(250);
        assertThat(relay.accepted()).as("connections opened for 250 mails by one worker").isEqualTo(1);
        assertThat(sender.openConnections()).isEqualTo(1);
    }

    @Test
    void should_send_each_mail_without_asking_first_whether_the_connection_is_alive() throws Exception {
        CountingSmtpSink sink = sink(CountingSmtpSink.Limits.none());
        ReusedSmtpConnections sender = sender(sink.port());

        List<String> sent = sendAll(sender, 30);

        assertThat(sink.subjects()).isEqualTo(sent);
        assertThat(sink.connections()).isEqualTo(1);
        assertThat(sink.commands("EHLO")).isEqualTo(1);
        assertThat(sink.commands("MAIL")).isEqualTo(30);
        assertThat(sink.commands("NOOP")).as("round trips added to each mail").isZero();
        assertThat(sink.commands("RSET")).isZero();
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

        assertThat(smtp.getReceivedMessages()).extracting(Message::getSubject).containsExactly("before", "after");
        assertThat(relay.accepted()).isEqualTo(2);
    }

    @Test
    void should_send_the_mail_a_closed_connection_refused_on_a_new_one() throws Exception {
        // a server that takes 3 mails per connection, then answers the next MAIL FROM 421 and closes
        CountingSmtpSink sink = sink(new CountingSmtpSink.Limits(3, 0, 0));
        ReusedSmtpConnections sender = sender(sink.port());

        List<String> sent = sendAll(sender, 10);

        assertThat(sink.subjects()).as("every mail taken once, in order").isEqualTo(sent);
        assertThat(sink.connections()).isEqualTo(4);
        assertThat(sender.openConnections()).isEqualTo(1);
    }

    @Test
    void should_send_the_next_mail_on_a_new_connection_once_the_server_closed_the_kept_one() throws Exception {
        // a server that closes the connection after each second mail, as an idle timeout would between two mails
        CountingSmtpSink sink = sink(new CountingSmtpSink.Limits(0, 2, 0));
        ReusedSmtpConnections sender = sender(sink.port());

        List<String> sent = sendAll(sender, 9);

        assertThat(sink.subjects()).as("every mail taken once, in order").isEqualTo(sent);
        assertThat(sink.connections()).isEqualTo(5);
    }

    @Test
    void should_not_send_again_a_mail_whose_end_was_sent() throws Exception {
        // the server reads the second mail of a connection to its final dot, then the connection breaks unanswered
        CountingSmtpSink sink = sink(new CountingSmtpSink.Limits(0, 0, 1));
        ReusedSmtpConnections sender = sender(sink.port());
        sender.send(mail(sender, "first"));

        assertThatThrownBy(() -> sender.send(mail(sender, "unanswered")))
                .as("the server may have taken it: the delivery's retry decides")
                .isInstanceOf(MessagingException.class);
        assertThat(sink.subjects()).containsExactly("first", "unanswered");
        assertThat(sink.connections()).as("no second send on a new connection").isEqualTo(1);
        assertThat(sender.openConnections()).isZero();

        sender.send(mail(sender, "next"));
        assertThat(sink.subjects()).containsExactly("first", "unanswered", "next");
        assertThat(sink.connections()).isEqualTo(2);
    }

    @Test
    void should_fail_the_mail_when_a_new_connection_fails_too() throws Exception {
        ReusedSmtpConnections sender = sender(new DefaultAuthenticator(null, null));
        sender.send(mail(sender, "before"));

        relay.cut(); // the kept connection dropped, and new ones refused

        assertThatThrownBy(() -> sender.send(mail(sender, "refused"))).isInstanceOf(MessagingException.class);
        assertThat(smtp.getReceivedMessages()).hasSize(1);
        assertThat(sender.openConnections()).isZero();
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
        return sender(relay.port(), login);
    }

    private ReusedSmtpConnections sender(int port) {
        return sender(port, new DefaultAuthenticator(null, null));
    }

    private ReusedSmtpConnections sender(int port, DefaultAuthenticator login) {
        ReusedSmtpConnections sender = new ReusedSmtpConnections("127.0.0.1", port, 2000,
                new SmtpSettings(false, 2000, login.getPasswordAuthentication().getUserName(), true), login);
        senders.add(sender);
        return sender;
    }

    private CountingSmtpSink sink(CountingSmtpSink.Limits limits) {
        CountingSmtpSink sink = new CountingSmtpSink(limits);
        sinks.add(sink);
        return sink;
    }

    /** Sends this many mails, one after the other; their subjects. */
    private static List<String> sendAll(ReusedSmtpConnections sender, int mails) throws MessagingException {
        List<String> subjects = new ArrayList<>();
        for (int i = 0; i < mails; i++) {
            subjects.add("mail " + i);
            sender.send(mail(sender, "mail " + i));
        }
        return subjects;
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
