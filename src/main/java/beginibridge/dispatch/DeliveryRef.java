package beginibridge.dispatch;

import java.util.UUID;

/** A delivery just created, handed to its destination's queue to be claimed at once. */
public final class DeliveryRef {

    private final UUID id;
    private final String destination;

    public DeliveryRef(UUID id, String destination) {
        this.id = id;
        this.destination = destination;
    }

    public UUID getId() {
        return id;
    }

    public String getDestination() {
        return destination;
    }
}
