package beginibridge.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Requests written by hand, for what the JDK's HTTP client refuses to send: a Host header of the caller's choosing,
 * none at all, or a query string that is not valid URL encoding. Answers come back whole, status line first.
 */
public final class RawHttp {

    private RawHttp() {
    }

    /** An HTTP/1.1 GET of {@code target} (path and query, sent as written) with exactly these header lines. */
    public static String get(int port, String target, String... headers) throws IOException {
        return send(port, "GET " + target + " HTTP/1.1", headers);
    }

    public static String send(int port, String requestLine, String... headers) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder(requestLine).append("\r\n");
            for (String header : headers) {
                request.append(header).append("\r\n");
            }
            request.append("Connection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
