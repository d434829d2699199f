package beginibridge.cli;

import java.util.Arrays;
import java.util.List;

import beginibridge.dispatch.Dispatcher;
import beginibridge.event.ReceivedEvent;
import org.apache.camel.Exchange;

/**
 * The {@code dispatcher} the routing table calls, as {@code preview} runs it: it hands the previewed event in and
 * keeps the destinations the table chose, creating no delivery and writing nothing.
 */
public final class PreviewDispatcher {

    private final ReceivedEvent event;
    private volatile List<String> destinations;

    PreviewDispatcher(ReceivedEvent event) {
        this.event = event;
    }

    /** Route step: the previewed event, a batch of one, as the intake would hand it over. */
    public void loadReceived(Exchange exchange) {
        exchange.getMessage().setBody(List.of(event));
    }

    /** Route step, for each event of the batch: records the routing table's choice for the previewed event. */
    public void decided(Exchange exchange) {
        destinations = Arrays.stream(exchange.getProperty(Dispatcher.DESTINATIONS, "", String.class).split(","))
                .map(String::strip).filter(name -> !name.isEmpty()).toList();
    }

    /** Route step: the batch's deliveries, none: nothing is created or written. */
    public void fanOut(Exchange exchange) {
        exchange.getMessage().setBody(List.of());
    }

    /** The destinations the routing table chose; null when it never got as far as choosing. */
    List<String> destinations() {
        return destinations;
    }
}
