package beginibridge.settings;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The start's checks of single settings: what each refuses, in one line that never repeats a URL's secrets. */
class SettingChecksTest {

    @ParameterizedTest
    @ValueSource(strings = {"https://crm.example.com/api/events", "http://127.0.0.1:9999/crm", ""})
    void should_accept_an_http_url_with_a_host_or_none(String url) {
        assertThatCode(() -> SettingChecks.httpUrl("crm.url", url)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost:9999/crm?token=s3cr3t", "ftp://crm.example.com/s3cr3t", "crm.example.com/s3cr3t",
        "https:///s3cr3t"})
    void should_refuse_a_url_without_http_scheme_or_host_never_repeating_its_path(String url) {
        assertThatThrownBy(() -> SettingChecks.httpUrl("crm.url", url)).isInstanceOf(SettingProblem.class)
                .hasMessageStartingWith("crm.url has no http:// or https:// scheme and host")
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void should_hint_at_the_jdbc_form_of_a_libpq_url_never_repeating_it() {
        assertThatThrownBy(() -> SettingChecks.jdbcUrl("postgresql://bridge:s3cr3t@db:5432/begini"))
                .hasMessageStartingWith("db.url is a postgres:// URL, which JDBC does not read; write it as"
                        + " jdbc:postgresql://host:5432/database")
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void should_name_the_driver_the_jar_lacks_never_the_rest_of_the_url() {
        assertThatThrownBy(() -> SettingChecks.jdbcUrl("jdbc:oracle:thin:scott/s3cr3t@db:1521/x"))
                .hasMessageStartingWith("db.url names a database the jar has no driver for ('jdbc:oracle:')")
                .hasMessageNotContaining("s3cr3t");
        assertThatCode(() -> SettingChecks.jdbcUrl("jdbc:postgresql://db:5432/begini")).doesNotThrowAnyException();
    }

    @Test
    void should_refuse_a_host_with_a_port() {
        assertThatThrownBy(() -> SettingChecks.host("smtp.host", "smtp.example.com:587"))
                .hasMessage("smtp.host is not a host name alone ('smtp.example.com:587'); give the name or address"
                        + " only (the port has a setting of its own)");
    }

    @Test
    void should_refuse_durations_of_zero_or_over_thirty_days() {
        assertThatThrownBy(() -> SettingChecks.duration("delivery.lease", "0s"))
                .hasMessageStartingWith("delivery.lease must be longer than 0, not '0s'");
        assertThatThrownBy(() -> SettingChecks.duration("retention.interval", "31d"))
                .hasMessageStartingWith("retention.interval '31d' is not a duration");
        assertThatThrownBy(() -> SettingChecks.duration("retention.interval", "P31D"))
                .hasMessageStartingWith("retention.interval is longer than 30 days");
    }

    @Test
    void should_accept_the_shipped_settings_and_name_a_size_out_of_range() {
        Map<String, String> settings = new HashMap<>(Map.ofEntries(Map.entry("db.url", "jdbc:h2:mem:x"),
                Map.entry("begini.max-future-skew", "1h"), Map.entry("http.idle-timeout", "10s"),
                Map.entry("http.request-timeout", "30s"), Map.entry("db.inbox-write-timeout", "5s"),
                Map.entry("dispatch.poll-interval", "1s"), Map.entry("delivery.initial-backoff", "2s"),
                Map.entry("delivery.max-backoff", "10m"), Map.entry("delivery.lease", "2m"),
                Map.entry("retention.interval", "1h"), Map.entry("metrics.backlog-interval", "15s")));
        for (String size : new String[] {"http.port", "management.port", "smtp.port", "begini.max-body-bytes",
            "http.max-connections", "http.max-buffered-body-bytes", "db.pool-size", "db.connection-timeout-ms",
            "db.inbox-batch-size", "delivery.max-attempts", "delivery.workers", "delivery.batch-size",
            "delivery.queue-size", "delivery.max-rendered-bytes", "crm.connect-timeout-ms",
            "crm.response-timeout-ms", "smtp.timeout-ms"}) {
            settings.put(size, "1000");
        }
        assertThatCode(() -> SettingChecks.check(name -> settings.getOrDefault(name, ""))).doesNotThrowAnyException();
        settings.put("db.inbox-batch-size", "5000");
        settings.put("delivery.workers", "1");
        assertThatCode(() -> SettingChecks.check(name -> settings.getOrDefault(name, ""))).as("the bounds")
                .doesNotThrowAnyException();

        settings.put("db.inbox-batch-size", "5001");
        assertThatThrownBy(() -> SettingChecks.check(name -> settings.getOrDefault(name, "")))
                .hasMessage("db.inbox-batch-size must be at most 5000, not 5001; give a number from 1 to 5000");
        settings.put("db.inbox-batch-size", "lots");
        assertThatThrownBy(() -> SettingChecks.check(name -> settings.getOrDefault(name, "")))
                .hasMessage("db.inbox-batch-size must be a whole number, not 'lots'; give a number from 1 to 5000");
    }

    @Test
    void should_accept_the_bounds_of_a_range_and_a_future_skew_of_zero() {
        assertThatCode(() -> SettingChecks.duration("begini.max-future-skew", "0")).doesNotThrowAnyException();
        assertThatCode(() -> SettingChecks.duration("retention.interval", "P30D")).doesNotThrowAnyException();
        assertThatCode(() -> SettingChecks.duration("dispatch.poll-interval", "1ms")).doesNotThrowAnyException();
        assertThatThrownBy(() -> SettingChecks.duration("begini.max-future-skew", "P-1D"))
                .hasMessageStartingWith("begini.max-future-skew must be longer than 0");
        assertThatCode(() -> SettingChecks.host("smtp.host", "[::1]")).doesNotThrowAnyException();
        assertThatCode(() -> SettingChecks.host("smtp.host", "")).doesNotThrowAnyException();
        assertThatThrownBy(() -> SettingChecks.host("smtp.host", "smtp://mail.example.com"))
                .isInstanceOf(SettingProblem.class);
        assertThatThrownBy(() -> SettingChecks.host("smtp.host", "mail example"))
                .isInstanceOf(SettingProblem.class);
        assertThatThrownBy(() -> SettingChecks.jdbcUrl("mysql://db/begini"))
                .hasMessageStartingWith("db.url is not a JDBC URL (it starts with 'mysql:')");
        assertThatThrownBy(() -> SettingChecks.httpUrl("crm.url", "http://crm example"))
                .hasMessageStartingWith("crm.url is not a valid URL");
    }

    @Test
    void should_quote_only_what_a_value_starts_with() {
        assertThatThrownBy(() -> SettingChecks.httpUrl("crm.url", "localhost:9999/crm"))
                .hasMessageContaining("(it starts with 'localhost:')");
        assertThatThrownBy(() -> SettingChecks.httpUrl("crm.url", "crmexample"))
                .hasMessageContaining("(it starts with 'crmexample')");
        assertThatThrownBy(() -> SettingChecks.httpUrl("crm.url", "x".repeat(50)))
                .hasMessageContaining("(it starts with '" + "x".repeat(40) + "')");
        assertThatThrownBy(() -> SettingChecks.jdbcUrl("jdb:x")).hasMessageContaining("(it starts with 'jdb:')");
        assertThatThrownBy(() -> SettingChecks.host("smtp.host", ":25")).isInstanceOf(SettingProblem.class);
    }

    @Test
    void should_check_each_kind_of_setting_when_checking_them_all() {
        Map<String, String> good = new HashMap<>(Map.of("db.url", "jdbc:h2:mem:x"));
        for (String duration : new String[] {"begini.max-future-skew", "http.idle-timeout", "http.request-timeout",
            "db.inbox-write-timeout", "dispatch.poll-interval", "delivery.initial-backoff", "delivery.max-backoff",
            "delivery.lease", "retention.interval", "metrics.backlog-interval"}) {
            good.put(duration, "1s");
        }
        for (String size : new String[] {"http.port", "management.port", "smtp.port", "begini.max-body-bytes",
            "http.max-connections", "http.max-buffered-body-bytes", "db.pool-size", "db.connection-timeout-ms",
            "db.inbox-batch-size", "delivery.max-attempts", "delivery.workers", "delivery.batch-size",
            "delivery.queue-size", "delivery.max-rendered-bytes", "crm.connect-timeout-ms",
            "crm.response-timeout-ms", "smtp.timeout-ms"}) {
            good.put(size, "1000");
        }
        Map<String, String> mistakes = Map.of("crm.url", "localhost:9999/crm", "smtp.host", "mail:25",
                "db.url", "postgres://db/begini", "delivery.lease", "0s");
        mistakes.forEach((name, value) -> {
            Map<String, String> settings = new HashMap<>(good);
            settings.put(name, value);
            assertThatThrownBy(() -> SettingChecks.check(key -> settings.getOrDefault(key, "")))
                    .hasMessageStartingWith(name + " ");
        });
    }
}
