package beginibridge.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP relay in front of a server, that a test can cut (every connection dropped, new ones refused) and
 * restore on the same port: a network outage of a database that keeps running.
 */
public final class TcpProxy implements AutoCloseable {

    private final int port = FreePorts.next();
    private final int targetPort;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile ServerSocket server;
    private volatile Thread acceptor;

    public TcpProxy(int targetPort) {
        this.targetPort = targetPort;
        restore();
    }

    public int port() {
        return port;
    }

    /** How many connections clients have opened through the relay so far. */
    public int accepted() {
        return accepted.get();
    }

    public synchronized void restore() {
        try {
            ServerSocket listening = new ServerSocket();
            listening.setReuseAddress(true);
            listening.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            server = listening;
            acceptor = new Thread(() -> accept(listening), "tcp-proxy-" + port);
            acceptor.setDaemon(true);
            acceptor.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized void cut() {
        closeQuietly(server);
        // the port is closed only once the acceptor has left accept(): until then the JDK defers the close, and a
        // new connection can still be accepted
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        open.forEach(TcpProxy::closeQuietly);
        open.clear();
    }

    /** Drops every connection open through the relay, as a server closing them would; new ones are still relayed. */
    public synchronized void dropConnections() {
        open.forEach(TcpProxy::closeQuietly);
        open.clear();
    }

    @Override
    public void close() {
        cut();
    }

    private void accept(ServerSocket listening) {
        while (!listening.isClosed()) {
            try {
                Socket client = listening.accept();
                accepted.incrementAndGet();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(client);
                open.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static void pump(Socket from, Socket to) {
        Thread pump = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException dropped) {
                // the other side or the test closed the connection
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tcp-proxy-pump");
        pump.setDaemon(true);
        pump.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            if (closeable != null) {
                closeable.close();
            }
        } catch (Exception ignored) {
            // closing is best effort: the point is that the connection is gone
        }
    }
}
