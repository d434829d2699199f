package beginibridge.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import beginibridge.event.IntakeExchange;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

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
}
