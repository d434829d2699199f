package beginibridge.routes;

import static org.assertj.core.api.Assertions.assertThat;

import beginibridge.support.ConfigCopy;
import beginibridge.support.Deliveries;
import beginibridge.support.LiveReloadTestSupport;
import beginibridge.support.LogCapture;
import org.apache.camel.Route;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A saved routing table that names a destination without a route is refused by the live reload with one WARN line,
 * and the table before it goes on routing events.
 */
class RefusedReloadTest extends LiveReloadTestSupport {

    private final LogCapture log = LogCapture.attach();

    @AfterEach
    void detach() {
        log.detach();
    }

    @Test
    void should_refuse_a_routing_table_naming_an_unknown_destination_and_keep_the_previous_one() throws Exception {
        Route routingTable = context.getRoute("route-event");

        ConfigCopy.edit(config.resolve("routes/routing-table.camel.yaml"), "id: journey-complete",
                "constant: database,crm", "constant: database,crmm");
        eventually().until(() -> log.lines().stream().anyMatch(line -> line.startsWith("WARN")
                && line.contains("is refused, the routes before it stay in force: routing table (route-event) sends"
                        + " events to destination 'crmm', which has no route")));

        assertThat(context.getRoute("route-event")).as("the table before the edit still runs").isSameAs(routingTable);
        String eventId = deliver(webhook("APP-REFUSED", "application.complete", "{\"application_completed_at\":1}"));
        assertThat(settled(eventId)).extracting(Deliveries.Row::destination).containsExactly("crm", "database");
        assertThat(log.lines()).filteredOn(line -> line.contains("is refused")).hasSize(1);
    }
}
