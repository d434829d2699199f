package beginibridge.event;

import java.time.Instant;
import java.util.UUID;

/**
 * An event in the inbox, not yet routed: what routing it and performing its deliveries need. The intake hands it over
 * in memory right after its commit, so that neither the routing nor the first attempt of a delivery reads it back;
 * the pollers load it from the inbox. The payload is the plain body.
 */
public record ReceivedEvent(UUID id, String integrationId, String uid, String eventType, Instant receivedAt,
        byte[] payload) {
}
