package beginibridge.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.Test;

class SmtpSettingsTest {

    @Test
    void should_time_writes_out_on_one_shared_executor_rather_than_a_thread_per_connection() {
        Object first = new SmtpSettings(false, 5000).get("mail.smtp.executor.writetimeout");
        Object second = new SmtpSettings(true, 9000).get("mail.smtp.executor.writetimeout");

        assertThat(first).isInstanceOf(ScheduledExecutorService.class).isSameAs(second);
        assertThat(((ScheduledExecutorService) first).isShutdown()).isFalse();
        assertThat(new SmtpSettings(false, 5000).getProperty("mail.smtp.writetimeout")).isEqualTo("5000");
    }
}
