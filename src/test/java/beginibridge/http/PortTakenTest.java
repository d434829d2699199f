package beginibridge.http;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;

import beginibridge.support.StandaloneBridge;
import beginibridge.support.TestDatabase;
import org.junit.jupiter.api.Test;

/** Camel starts even when its HTTP server cannot bind; the bridge refuses to, rather than look healthy and deaf. */
class PortTakenTest {

    @Test
    void should_refuse_to_start_when_the_webhook_port_is_taken() throws Exception {
        assertRefusesToStartWithTaken("http.port", "0.0.0.0");
    }

    @Test
    void should_refuse_to_start_when_the_management_port_is_taken() throws Exception {
        assertRefusesToStartWithTaken("management.port", "127.0.0.1");
    }

    /** Another process holds the port the setting names, on the host the bridge listens on for it. */
    private static void assertRefusesToStartWithTaken(String setting, String host) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName(host))) {
            Map<String, String> settings = Map.of("db.url", TestDatabase.h2().url(),
                    setting, String.valueOf(taken.getLocalPort()));

            assertThatThrownBy(() -> StandaloneBridge.start(settings).close())
                    .hasStackTraceContaining(setting + " " + taken.getLocalPort() + " on " + host
                            + " cannot be listened on");
        }
    }
}
