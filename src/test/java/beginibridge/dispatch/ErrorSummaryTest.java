package beginibridge.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.util.Map;

import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.Test;

/** The error kept with an attempt says what failed in the bridge's words, never the values that were sent. */
class ErrorSummaryTest {

    @Test
    void should_keep_a_database_error_as_its_sql_state_only_never_its_message() {
        SQLException duplicate = new SQLIntegrityConstraintViolationException(
                "Unique index violation: (integration_id, uid) = ('00000000000000000001', 'CUST-77')", "23505");
        Exception wrapped = new CamelExecutionException("Exception occurred during execution", null,
                new IllegalStateException("write failed", duplicate));

        assertThat(ErrorSummary.of(wrapped)).isEqualTo("database error, SQL state 23505");
        assertThat(ErrorSummary.of(new SQLException("connection to 10.0.0.5 refused"))).as("no state")
                .isEqualTo("database error, SQL state null");
    }

    @Test
    void should_keep_a_connection_failure_as_its_kind_and_the_library_message() {
        Exception refused = new IllegalStateException("send failed", new ConnectException("Connection refused"));

        assertThat(ErrorSummary.of(refused)).isEqualTo("ConnectException: Connection refused");
        assertThat(ErrorSummary.of(new ConnectException())).isEqualTo("ConnectException");
    }

    @Test
    void should_give_each_http_status_class_its_own_reason() {
        assertThat(ErrorSummary.of(http(429))).isEqualTo("HTTP 429: the destination asked to try again later");
        assertThat(ErrorSummary.of(http(408))).isEqualTo("HTTP 408: the destination asked to try again later");
        assertThat(ErrorSummary.of(http(400))).isEqualTo("HTTP 400: the destination refused the request");
        assertThat(ErrorSummary.of(http(499))).isEqualTo("HTTP 499: the destination refused the request");
        assertThat(ErrorSummary.of(http(500))).isEqualTo("HTTP 500: the destination failed");
        assertThat(ErrorSummary.of(http(399))).isEqualTo("HTTP 399: unexpected answer");
        assertThat(ErrorSummary.of(http(302))).isEqualTo("HTTP 302: unexpected answer");
    }

    @Test
    void should_keep_an_smtp_refusal_of_the_message_as_its_reply_code() {
        var relayDenied = new SMTPSendFailedException("MAIL FROM", 550,
                "5.7.1 relaying denied for CUST-77", null, null, null, null);

        assertThat(ErrorSummary.of(relayDenied)).isEqualTo("SMTP 550: the mail server refused the message");
    }

    @Test
    void should_name_only_the_status_or_class_for_a_log_line() {
        assertThat(ErrorSummary.kind(new IllegalStateException("wrapped", http(503)))).isEqualTo("HTTP 503");
        assertThat(ErrorSummary.kind(new ConnectException("Connection refused to CUST-77")))
                .isEqualTo("ConnectException");
        assertThat(ErrorSummary.kind(null)).isEqualTo("unknown failure");
    }

    @Test
    void should_clip_only_what_is_longer_than_the_column() {
        String fits = "x".repeat(ErrorSummary.MAX_LENGTH);
        String longer = "y".repeat(ErrorSummary.MAX_LENGTH + 1);

        assertThat(ErrorSummary.clip(fits)).isEqualTo(fits);
        assertThat(ErrorSummary.clip(longer)).hasSize(ErrorSummary.MAX_LENGTH).endsWith("y...");
    }

    private static HttpOperationFailedException http(int status) {
        return new HttpOperationFailedException("http://crm.test/events", status, "status " + status, null, Map.of(),
                "{\"internal_id\":\"CUST-77\"}");
    }

    @Test
    void should_name_the_host_and_port_an_attempt_was_calling_never_the_path_or_query() {
        assertThat(ErrorSummary.host(exchange("http://127.0.0.1:8080/crm?token=s3cr3t", "direct://to-crm")))
                .as("the failure's endpoint first").isEqualTo("127.0.0.1:8080");
        assertThat(ErrorSummary.host(exchange(null, "smtp://mail.example.com:25?contentType=text/plain")))
                .isEqualTo("mail.example.com:25");
        assertThat(ErrorSummary.host(exchange("https://crm.example.com/events/s3cr3t", null)))
                .isEqualTo("crm.example.com");
        assertThat(ErrorSummary.host(exchange("direct://to-crm", null))).as("no host").isEqualTo("-");
        assertThat(ErrorSummary.host(exchange("sql:SELECT x FROM a WHERE b = :#uid", null))).isEqualTo("-");
        assertThat(ErrorSummary.host(exchange(null, null))).isEqualTo("-");
    }

    private static Exchange exchange(String failureEndpoint, String toEndpoint) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(Exchange.FAILURE_ENDPOINT, failureEndpoint);
        exchange.setProperty(Exchange.TO_ENDPOINT, toEndpoint);
        return exchange;
    }
}
