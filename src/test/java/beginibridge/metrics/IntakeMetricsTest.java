package beginibridge.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import beginibridge.event.Envelope;
import beginibridge.event.IntakeExchange;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The intake's metrics follow the exchange that answers a webhook, handed to them by the intake's first step: not
 * the name of the route that answers it, not another route's exchange, not the copy handed on to routing.
 */
class IntakeMetricsTest {

    @Test
    void should_count_the_exchange_answering_a_webhook_and_nothing_else() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.getRegistry().bind("meters", meters);
            IntakeMetrics metrics = new IntakeMetrics(camel, new UidHash(""),
                    new RejectionLog(java.time.Clock.systemUTC()));
            CountDownLatch copyDone = new CountDownLatch(1);
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:webhook").routeId("renamed-intake")
                            .process(metrics::watch)
                            .setProperty(IntakeExchange.OUTCOME, constant("accepted"))
                            .to(ExchangePattern.InOnly, "seda:hand-off");
                    from("seda:hand-off").routeId("routing")
                            .setProperty(IntakeExchange.OUTCOME, constant("duplicate"))
                            .process(exchange -> copyDone.countDown());
                    from("direct:other").routeId("begini-other")
                            .setProperty(IntakeExchange.OUTCOME, constant("accepted"));
                }
            });
            camel.start();
            ProducerTemplate producer = camel.createProducerTemplate();

            producer.requestBody("direct:webhook", "{}");
            producer.requestBody("direct:other", "{}");
            assertThat(copyDone.await(5, TimeUnit.SECONDS)).as("the hand-off copy completed").isTrue();
            camel.getRouteController().stopRoute("routing");

            assertThat(meters.get("begini.webhooks").tag("outcome", "accepted").counter().count()).isEqualTo(1.0);
            assertThat(meters.get("begini.webhook.intake").tag("outcome", "accepted").timer().count()).isEqualTo(1);
            assertThat(meters.find("begini.webhooks").tag("outcome", "duplicate").counter())
                    .as("the copy handed on to routing is not an answer").isNull();
        }
    }

    @Test
    void should_log_the_webhook_with_the_same_uid_hash_in_its_line_and_its_mdc_field() throws Exception {
        UidHash uidHash = new UidHash("intake-metrics-test-key");
        String expected = uidHash.of("uid-of-the-applicant");
        List<String> lines = new CopyOnWriteArrayList<>();
        List<String> fields = new CopyOnWriteArrayList<>();
        // read as the line is appended: the MDC is cleared once it is logged
        AppenderBase<ILoggingEvent> capture = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                lines.add(event.getFormattedMessage());
                fields.add(String.valueOf(event.getMDCPropertyMap().get(LogFields.UID_HASH)));
            }
        };
        Logger logger = (Logger) LoggerFactory.getLogger("beginibridge.intake");
        capture.setContext(logger.getLoggerContext());
        capture.start();
        logger.addAppender(capture);
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.getRegistry().bind("meters", new SimpleMeterRegistry());
            IntakeMetrics metrics = new IntakeMetrics(camel, uidHash, new RejectionLog(java.time.Clock.systemUTC()));
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:webhook").process(metrics::watch)
                            .setProperty(IntakeExchange.OUTCOME, constant("accepted"))
                            .setProperty(IntakeExchange.EVENT_ID, constant("42"))
                            .setProperty(IntakeExchange.ENVELOPE, constant(new Envelope("00000000000000000001",
                                    "uid-of-the-applicant", "application.expired")));
                }
            });
            camel.start();
            camel.createProducerTemplate().requestBody("direct:webhook", "{}");
        } finally {
            logger.detachAppender(capture);
        }

        assertThat(lines).singleElement().asString().endsWith("uid#=" + expected).contains("event=42");
        assertThat(fields).as("the line's MDC uid_hash, from the intake's own key").containsExactly(expected);
    }
}
