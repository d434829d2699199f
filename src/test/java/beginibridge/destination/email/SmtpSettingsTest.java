package beginibridge.destination.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.Test;

class SmtpSettingsTest {

    @Test
    void should_time_writes_out_on_one_shared_executor_rather_than_a_thread_per_connection() {
        Object first = new SmtpSettings(false, 5000, "", false).get("mail.smtp.executor.writetimeout");
        Object second = new SmtpSettings(true, 9000, "", false).get("mail.smtp.executor.writetimeout");

        assertThat(first).isInstanceOf(ScheduledExecutorService.class).isSameAs(second);
        assertThat(((ScheduledExecutorService) first).isShutdown()).isFalse();
        assertThat(new SmtpSettings(false, 5000, "", false).getProperty("mail.smtp.writetimeout")).isEqualTo("5000");
    }

    @Test
    void should_refuse_a_login_without_starttls_unless_allowed() {
        assertThatThrownBy(() -> new SmtpSettings(false, 5000, "bridge", false))
                .hasMessage("smtp.user is set but smtp.starttls is false: the SMTP password would cross the network"
                        + " in clear (set smtp.starttls=true, or smtp.allow-plain-login=true for a server on a trusted"
                        + " network)");

        assertThat(new SmtpSettings(true, 5000, "bridge", false).getProperty("mail.smtp.starttls.required"))
                .isEqualTo("true");
        assertThat(new SmtpSettings(false, 5000, "bridge", true).getProperty("mail.smtp.starttls.required"))
                .isEqualTo("false");
        assertThat(new SmtpSettings(false, 5000, " ", false).getProperty("mail.smtp.starttls.required"))
                .as("no login").isEqualTo("false");
    }
}
