package beginibridge.dispatch;

import java.util.UUID;

import beginibridge.event.ReceivedEvent;

/**
 * A delivery handed to its destination's queue. One just created carries its event, so that the worker need not read
 * it back, and may carry its claim: created leased to this instance, it needs no claim of its own. One found by the
 * poller carries neither (null), and is claimed by the worker.
 */
public final class DeliveryRef {

    private final UUID id;
    private final String destination;
    private final ReceivedEvent event;
    private final Delivery leased;
    private final boolean placeReserved;

    public DeliveryRef(UUID id, String destination, ReceivedEvent event) {
        this(id, destination, event, null);
    }

    public DeliveryRef(UUID id, String destination, ReceivedEvent event, Delivery leased) {
        this(id, destination, event, leased, false);
    }

    private DeliveryRef(UUID id, String destination, ReceivedEvent event, Delivery leased, boolean placeReserved) {
        this.id = id;
        this.destination = destination;
        this.event = event;
        this.leased = leased;
        this.placeReserved = placeReserved;
    }

    /** The same delivery, its place in its worker queue reserved already (by the router that created it). */
    DeliveryRef withPlaceReserved() {
        return new DeliveryRef(id, destination, event, leased, true);
    }

    /** Whether a place in its worker queue is reserved for it already. */
    public boolean isPlaceReserved() {
        return placeReserved;
    }

    /** The delivery as created leased to this instance, or null when it must be claimed. */
    public Delivery getLeased() {
        return leased;
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
