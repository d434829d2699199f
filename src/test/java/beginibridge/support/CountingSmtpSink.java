package beginibridge.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal SMTP server on a free loopback port that counts what the client does: connections, commands by verb and
 * the subjects of the mails it took (a mail is taken when its final dot is answered 250). It can end connections the
 * way servers do: refuse the next mail of a connection with a 421 and close it once it carried a number of mails (a
 * limit of mails per connection), close it silently after a number of mails (an idle timeout), or close it right
 * after reading a mail's final dot without answering (a crash or a network cut at the worst moment).
 */
public final class CountingSmtpSink implements AutoCloseable {

    /** How the sink ends a connection; 0 never. */
    public record Limits(int mailsBefore421, int mailsBeforeSilentClose, int mailsBeforeCutAfterDot) {

        public static Limits none() {
            return new Limits(0, 0, 0);
        }
    }

    private final ServerSocket server;
    private final Limits limits;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final List<String> subjects = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    public CountingSmtpSink(Limits limits) {
        this.limits = limits;
        try {
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), FreePorts.next()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::accept, "smtp-sink-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Connections the clients opened so far. */
    public int connections() {
        return connections.get();
    }

    /** Subjects of the mails taken, in order. */
    public List<String> subjects() {
        return List.copyOf(subjects);
    }

    /** How many commands of this verb (EHLO, NOOP, MAIL, RSET, QUIT, ...) the clients sent. */
    public long commands(String verb) {
        return commands.stream().filter(verb::equalsIgnoreCase).count();
    }

    @Override
    public void close() {
        closeQuietly(server);
        open.forEach(CountingSmtpSink::closeQuietly);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                connections.incrementAndGet();
                open.add(client);
                Thread session = new Thread(() -> serve(client), "smtp-sink-session");
                session.setDaemon(true);
                session.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client; BufferedReader in = new BufferedReader(
                new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII))) {
            OutputStream out = client.getOutputStream();
            reply(out, "220 sink ESMTP");
            int mails = 0;
            String line;
            while ((line = in.readLine()) != null) {
                String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
                commands.add(verb);
                switch (verb) {
                    case "EHLO" -> reply(out, "250-sink\r\n250 8BITMIME");
                    case "HELO" -> reply(out, "250 sink");
                    case "MAIL" -> {
                        if (limits.mailsBefore421() > 0 && mails >= limits.mailsBefore421()) {
                            reply(out, "421 4.7.0 sink: too many mails on this connection, closing");
                            return;
                        }
                        reply(out, "250 OK");
                    }
                    case "DATA" -> {
                        reply(out, "354 end with .");
                        String subject = readMail(in);
                        mails++;
                        if (limits.mailsBeforeCutAfterDot() > 0 && mails > limits.mailsBeforeCutAfterDot()) {
                            subjects.add(subject); // it may have been taken: the client cannot know
                            return;
                        }
                        subjects.add(subject);
                        reply(out, "250 2.0.0 taken");
                        if (limits.mailsBeforeSilentClose() > 0 && mails >= limits.mailsBeforeSilentClose()) {
                            return;
                        }
                    }
                    case "QUIT" -> {
                        reply(out, "221 bye");
                        return;
                    }
                    default -> reply(out, "250 OK");
                }
            }
        } catch (IOException gone) {
            // the client or close() ended the connection
        } finally {
            open.remove(client);
        }
    }

    /** Reads the mail up to its final dot; its subject. */
    private static String readMail(BufferedReader in) throws IOException {
        String subject = null;
        String line;
        while ((line = in.readLine()) != null && !line.equals(".")) {
            if (subject == null && line.startsWith("Subject: ")) {
                subject = line.substring("Subject: ".length());
            }
        }
        if (line == null) {
            throw new IOException("connection ended inside DATA");
        }
        return subject;
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // best effort: the point is that it is gone
        }
    }
}
