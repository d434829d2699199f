package beginibridge.dispatch;

import java.util.UUID;

import beginibridge.event.ReceivedEvent;

/**
 * A delivery handed to its destination's queue, with the claim this instance holds on it: made when the delivery was
 * created (which also carries its event) or when a poller found it due (whose claim read the event back), so that
 * its worker needs no claim of its own. One without a claim (null) is claimed by the worker.
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

    /** The delivery as claimed by this instance (at its creation or by a poller), or null when it must be claimed. */
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
