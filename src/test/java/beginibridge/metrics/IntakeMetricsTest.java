package beginibridge.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import beginibridge.event.IntakeExchange;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** The intake's metrics follow the exchange that answers a webhook, not the name of the route that answers it. */
class IntakeMetricsTest {

    @Test
    void should_count_the_exchange_answering_a_webhook_whatever_its_route_is_called() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.getRegistry().bind("meters", meters);
            camel.getManagementStrategy().addEventNotifier(new IntakeMetrics(camel, new UidHash("")));
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:webhook").routeId("renamed-intake")
                            .process(exchange -> exchange.setProperty(IntakeExchange.ANSWERING_EXCHANGE,
                                    exchange.getExchangeId()))
                            .setProperty(IntakeExchange.OUTCOME, constant("accepted"));
                    from("direct:other").routeId("begini-other")
                            .setProperty(IntakeExchange.OUTCOME, constant("accepted"));
                }
            });
            camel.start();
            ProducerTemplate producer = camel.createProducerTemplate();

            producer.requestBody("direct:webhook", "{}");
            producer.requestBody("direct:other", "{}");

            assertThat(meters.get("begini.webhooks").tag("outcome", "accepted").counter().count()).isEqualTo(1.0);
            assertThat(meters.get("begini.webhook.intake").tag("outcome", "accepted").timer().count()).isEqualTo(1);
        }
    }
}
