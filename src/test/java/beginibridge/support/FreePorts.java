package beginibridge.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A port nobody listens on right now, for a server under test. Taken below the ephemeral range (Linux's starts at
 * 32768), so that no outgoing connection of this machine can take it as its source port between the moment it is
 * found free and the moment the server binds it (one did, on a busy machine); and never the same port twice in one
 * test run. Below the bench's ports too (21000 and up).
 */
public final class FreePorts {

    private static final int FIRST = 15_000;
    private static final int LAST = 20_999;
    private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

    private FreePorts() {
    }

    public static int next() {
        for (int tries = 0; tries < 500; tries++) {
            int port = ThreadLocalRandom.current().nextInt(FIRST, LAST + 1);
            if (GIVEN.add(port) && free(port)) {
                return port;
            }
        }
        // the range is crowded: any port the system offers
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
