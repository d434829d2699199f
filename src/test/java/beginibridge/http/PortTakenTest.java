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
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("0.0.0.0"))) {
            Map<String, String> settings = Map.of("db.url", TestDatabase.h2().url(),
                    "http.port", String.valueOf(taken.getLocalPort()));

            assertThatThrownBy(() -> StandaloneBridge.start(settings).close())
                    .hasStackTraceContaining("http.port " + taken.getLocalPort() + " on 0.0.0.0 cannot be listened on");
        }
    }

    @Test
    void should_refuse_to_start_when_the_management_port_is_taken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Map<String, String> settings = Map.of("db.url", TestDatabase.h2().url(),
                    "management.port", String.valueOf(taken.getLocalPort()));

            assertThatThrownBy(() -> StandaloneBridge.start(settings).close())
                    .hasStackTraceContaining("management.port " + taken.getLocalPort() + " on 127.0.0.1 cannot be listened on");
        }
    }
}
