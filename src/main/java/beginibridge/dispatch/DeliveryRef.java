package beginibridge.dispatch;

import java.util.UUID;

import beginibridge.event.ReceivedEvent;

/**
 * A delivery handed to its destination's queue, to be claimed there. One just created carries its event, so that the
 * worker need not read it back; one found by the poller does not (null).
 */
public final class DeliveryRef {

    private final UUID id;
    private final String destination;
    private final ReceivedEvent event;

    public DeliveryRef(UUID id, String destination, ReceivedEvent event) {
        this.id = id;
        this.destination = destination;
        this.event = event;
    }

    public UUID getId() {
        return id;
    }

    public String getDestination() {
        return destination;
    }

    public ReceivedEvent getEvent() {
        return event;
    }
}
