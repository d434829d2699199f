package beginibridge.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Many connections held open against the bridge by one thread, as an attacker would hold them: opened at a given
 * rate, each sends its opening bytes, then nothing, or one byte a second. It records when the server closed each one and the status line
 * of what the server sent before.
 */
final class HostileConnections implements AutoCloseable {

    /** One held connection of a kind, and how its story ended. */
    static final class Held {
        final String kind;
        final Duration bound;
        final boolean drips;
        final long openedNanos = System.nanoTime();
        final SocketChannel channel;
        final StringBuilder received = new StringBuilder();
        ByteBuffer unsent;
        volatile long closedNanos = -1;

        Held(String kind, Duration bound, boolean drips, SocketChannel channel, byte[] opening) {
            this.kind = kind;
            this.bound = bound;
            this.drips = drips;
            this.channel = channel;
            this.unsent = ByteBuffer.wrap(opening);
        }

        boolean closed() {
            return closedNanos >= 0;
        }

        Duration heldFor() {
            return Duration.ofNanos((closed() ? closedNanos : System.nanoTime()) - openedNanos);
        }

        String answer() {
            int end = received.indexOf("\r\n");
            return received.length() == 0 ? "closed without an answer"
                    : end < 0 ? received.toString() : received.substring(0, end);
        }
    }

    private final int port;
    private final long nanosBetweenOpenings;
    private final Selector selector;
    private final List<Held> held = new CopyOnWriteArrayList<>();
    private final Thread pump;
    private volatile boolean running = true;
    private long lastOpening;

    /** @param perSecond how many connections {@link #open} opens a second, across all its calls */
    HostileConnections(int port, int perSecond) throws IOException {
        this.port = port;
        this.nanosBetweenOpenings = 1_000_000_000L / perSecond;
        this.selector = Selector.open();
        this.pump = new Thread(this::pump, "hostile-connections");
        pump.setDaemon(true);
        pump.start();
    }

    /** Opens {@code count} connections that send these bytes, then hold (or drip a byte a second). */
    void open(String kind, int count, byte[] opening, boolean drips, Duration bound) throws IOException,
            InterruptedException {
        for (int i = 0; i < count; i++) {
            long due = lastOpening + nanosBetweenOpenings;
            while (System.nanoTime() < due) {
                Thread.sleep(0, 100_000);
            }
            lastOpening = System.nanoTime();
            SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
            channel.configureBlocking(false);
            Held connection = new Held(kind, bound, drips, channel, opening);
            held.add(connection);
            channel.register(selector, SelectionKey.OP_READ | SelectionKey.OP_WRITE, connection);
            selector.wakeup();
        }
    }

    List<Held> all() {
        return List.copyOf(held);
    }

    boolean allClosed() {
        return held.stream().allMatch(Held::closed);
    }

    /** How many connections of each kind ended with each answer. */
    Map<String, Map<String, Integer>> outcomes() {
        Map<String, Map<String, Integer>> outcomes = new TreeMap<>();
        for (Held connection : held) {
            outcomes.computeIfAbsent(connection.kind, kind -> new TreeMap<>())
                    .merge(connection.closed() ? connection.answer() : "still open", 1, Integer::sum);
        }
        return outcomes;
    }

    private void pump() {
        ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
        long nextDrip = System.nanoTime();
        while (running) {
            try {
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    Held connection = (Held) key.attachment();
                    if (key.isValid() && key.isWritable()) {
                        write(key, connection);
                    }
                    if (key.isValid() && key.isReadable()) {
                        read(key, connection, buffer);
                    }
                }
                selector.selectedKeys().clear();
                if (System.nanoTime() >= nextDrip) {
                    nextDrip = System.nanoTime() + Duration.ofSeconds(1).toNanos();
                    drip();
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private void write(SelectionKey key, Held connection) {
        try {
            connection.channel.write(connection.unsent);
            if (!connection.unsent.hasRemaining()) {
                key.interestOps(SelectionKey.OP_READ);
            }
        } catch (IOException closedByServer) {
            closed(key, connection);
        }
    }

    private void read(SelectionKey key, Held connection, ByteBuffer buffer) {
        try {
            buffer.clear();
            int read = connection.channel.read(buffer);
            if (read < 0) {
                closed(key, connection);
            } else if (connection.received.length() < 1024) {
                connection.received.append(new String(buffer.array(), 0, read, StandardCharsets.ISO_8859_1));
            }
        } catch (IOException reset) {
            closed(key, connection);
        }
    }

    private void drip() {
        for (Held connection : held) {
            if (connection.drips && !connection.closed() && !connection.unsent.hasRemaining()) {
                try {
                    connection.channel.write(ByteBuffer.wrap(new byte[] {'7'}));
                } catch (IOException closedByServer) {
                    // the read side records the close
                }
            }
        }
    }

    private static void closed(SelectionKey key, Held connection) {
        if (!connection.closed()) {
            connection.closedNanos = System.nanoTime();
        }
        key.cancel();
        try {
            connection.channel.close();
        } catch (IOException ignored) {
            // closed already
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        try {
            pump.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<IOException> failures = new ArrayList<>();
        for (Held connection : held) {
            try {
                connection.channel.close();
            } catch (IOException e) {
                failures.add(e);
            }
        }
        selector.close();
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }
}
