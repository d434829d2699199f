package beginibridge.management;

import static beginibridge.support.RawHttp.get;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import beginibridge.support.BridgeTestSupport;
import beginibridge.support.FreePorts;
import beginibridge.support.RawHttp;
import beginibridge.support.StandaloneBridge;
import beginibridge.support.TestDatabase;
import beginibridge.support.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The management port answers only requests addressed to it by an allowed name (a web page that rebinds its own
 * name to 127.0.0.1 must not read health, metrics or the admin API), and shows anonymous callers no health details.
 */
class ManagementPortTest extends BridgeTestSupport {

    private final String adminToken = TestKeys.random();

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.h2();
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of("admin.token", adminToken);
    }

    /** Non-static: the names carry this class's management port. */
    List<String> foreignHosts() {
        return List.of("rebound.attacker.example:" + managementPort, "rebound.attacker.example",
                "127.0.0.1.attacker.example", "localhost.:" + managementPort, "0.0.0.0:" + managementPort);
    }

    @ParameterizedTest
    @MethodSource("foreignHosts")
    void should_refuse_a_foreign_host_on_every_path(String host) throws Exception {
        for (String path : List.of("/observe/health/ready", "/observe/metrics", "/admin/events", "/console/",
                "/no-such-path")) {
            String answer = get(managementPort, path, "Host: " + host);

            assertThat(answer).as(host + path).startsWith("HTTP/1.1 403 ")
                    .contains("Content-Type: application/json")
                    .endsWith("\r\n\r\n{\"detail\":\"Host not allowed\"}");
        }
    }

    @Test
    void should_refuse_a_request_without_a_host() throws Exception {
        assertThat(RawHttp.send(managementPort, "GET /observe/health/ready HTTP/1.0")).as("HTTP/1.0 needs no Host")
                .startsWith("HTTP/1.0 403 ");
    }

    /** Non-static: the names carry this class's management port. */
    List<String> localNames() {
        return List.of("localhost:" + managementPort, "LOCALHOST", "127.0.0.1:" + managementPort, "127.0.0.1:80",
                "[::1]:" + managementPort);
    }

    @ParameterizedTest
    @MethodSource("localNames")
    void should_serve_the_local_names_on_any_port(String host) throws Exception {
        assertThat(get(managementPort, "/observe/health/ready", "Host: " + host)).as(host)
                .startsWith("HTTP/1.1 200 ");
        assertThat(get(managementPort, "/admin/events", "Host: " + host, "Authorization: Bearer " + adminToken))
                .as(host).startsWith("HTTP/1.1 200 ");
    }

    @Test
    void should_serve_the_hosts_of_the_setting() throws Exception {
        int port = FreePorts.next();
        try (StandaloneBridge ignored = StandaloneBridge.start(Map.of("db.url", TestDatabase.h2().url(),
                "management.port", String.valueOf(port), "management.allowed-hosts", "10.1.2.3, Bridge.Internal"))) {
            assertThat(get(port, "/observe/health/ready", "Host: 10.1.2.3:" + port)).startsWith("HTTP/1.1 200 ");
            assertThat(get(port, "/observe/health/ready", "Host: bridge.internal")).startsWith("HTTP/1.1 200 ");
            assertThat(get(port, "/observe/health/ready", "Host: 127.0.0.1:" + port))
                    .as("the bind address is always allowed").startsWith("HTTP/1.1 200 ");
            assertThat(get(port, "/observe/health/ready", "Host: localhost")).as("the setting replaces the list")
                    .startsWith("HTTP/1.1 403 ");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"exposureLevel=full", "exposureLevel=default&stackTrace=true", "data=true",
            "exposurelevel=full", "exposureLevel=%zz"})
    void should_refuse_anonymous_callers_a_health_query_asking_for_details(String query) throws Exception {
        for (String path : List.of("/observe/health", "/observe/health/ready", "/observe/health/live")) {
            String answer = get(managementPort, path + "?" + query, "Host: 127.0.0.1");

            assertThat(answer).as(path + "?" + query).startsWith("HTTP/1.1 400 ")
                    .endsWith("\r\n\r\n{\"detail\":\"health takes no query parameters\"}");
        }
    }

    @Test
    void should_show_anonymous_callers_the_health_status_only() throws Exception {
        var plain = management("/observe/health");
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.body()).isEqualTo("{\"status\":\"UP\"}");
    }
}
