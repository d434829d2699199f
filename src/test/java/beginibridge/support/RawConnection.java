package beginibridge.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A TCP connection to the bridge written byte by byte, for what an HTTP client will not send: half a request, a
 * head that drips in, a body that never ends, HTTP/2's preface. It reports what the server sent and when it closed.
 */
public final class RawConnection implements AutoCloseable {

    /** What the server sent before it closed the connection, and how long after the opening it closed it. */
    public record Closed(String received, Duration afterOpening) {

        public String statusLine() {
            int end = received.indexOf("\r\n");
            return end < 0 ? received : received.substring(0, end);
        }

        public String body() {
            int start = received.indexOf("\r\n\r\n");
            return start < 0 ? "" : received.substring(start + 4);
        }
    }

    private final Socket socket;
    private final long openedNanos = System.nanoTime();

    private RawConnection(Socket socket) {
        this.socket = socket;
    }

    public static RawConnection open(int port) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setTcpNoDelay(true);
        return new RawConnection(socket);
    }

    public RawConnection send(String ascii) throws IOException {
        return send(ascii.getBytes(StandardCharsets.ISO_8859_1));
    }

    public RawConnection send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return this;
    }

    /** Sends without failing when the server has closed the connection already; true if the bytes went out. */
    public boolean trySend(String ascii) {
        try {
            send(ascii);
            return true;
        } catch (IOException closed) {
            return false;
        }
    }

    /** Reads until the server closes the connection; an AssertionError if it is still open after {@code wait}. */
    public Closed awaitClose(Duration wait) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + wait.toNanos();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[8192];
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("The server still held the connection after " + wait.toMillis() + " ms; it"
                        + " had sent: " + received.toString(StandardCharsets.ISO_8859_1));
            }
            socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
            int read;
            try {
                read = in.read(buffer);
            } catch (SocketTimeoutException stillOpen) {
                continue;
            } catch (IOException reset) {
                read = -1;
            }
            if (read < 0) {
                return new Closed(received.toString(StandardCharsets.ISO_8859_1),
                        Duration.ofNanos(System.nanoTime() - openedNanos));
            }
            received.write(buffer, 0, read);
        }
    }

    /** Reads the first answer's status line (and what came with it), without waiting for the close. */
    public String readStatusLine(Duration wait) throws IOException {
        socket.setSoTimeout((int) wait.toMillis());
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        int previous = -1;
        for (int next = in.read(); next >= 0; next = in.read()) {
            if (previous == '\r' && next == '\n') {
                return line.toString(StandardCharsets.ISO_8859_1).stripTrailing();
            }
            line.write(next);
            previous = next;
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
