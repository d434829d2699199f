package beginibridge.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import beginibridge.support.DispatchTestSupport;
import beginibridge.support.TestDatabase;
import org.junit.jupiter.api.Test;

/** Without admin.token neither the admin API nor the console exists, whatever token a caller sends. */
class AdminApiOffTest extends DispatchTestSupport {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.h2();
    }

    @Test
    void should_not_serve_the_admin_api_without_a_configured_token() throws Exception {
        assertThat(management("GET", "/admin/events", Map.of("Authorization", "Bearer ")).statusCode())
                .isEqualTo(404);
        assertThat(management("POST", "/admin/replay", Map.of()).statusCode()).isEqualTo(404);
        assertThat(management("/console/").statusCode()).as("nor the console").isEqualTo(404);
        assertThat(management("/console/index.html").statusCode()).isEqualTo(404);
        assertThat(management("/observe/health/ready").statusCode()).isEqualTo(200);
    }
}
