package beginibridge.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/**
 * Event ids are time-ordered and unique; a delivery's id is the same for the same event and destination, different
 * otherwise, and ordered like its event's.
 */
class EventIdsTest {

    @Test
    void should_give_a_delivery_the_same_id_whenever_its_event_is_routed() {
        UUID event = EventIds.next();

        UUID crm = EventIds.ofDelivery(event, "crm");

        assertThat(EventIds.ofDelivery(event, "crm")).isEqualTo(crm);
        assertThat(EventIds.ofDelivery(UUID.fromString(event.toString()), "crm")).isEqualTo(crm);
        assertThat(EventIds.ofDelivery(event, "email")).isNotEqualTo(crm);
        assertThat(EventIds.ofDelivery(EventIds.next(), "crm")).isNotEqualTo(crm);
    }

    @Test
    void should_keep_the_events_time_ordered_half_and_a_valid_version_and_variant() {
        UUID event = EventIds.next();

        UUID delivery = EventIds.ofDelivery(event, "database");

        assertThat(delivery.getMostSignificantBits()).isEqualTo(event.getMostSignificantBits());
        assertThat(delivery.version()).isEqualTo(7);
        assertThat(delivery.variant()).isEqualTo(2);
    }

    @Test
    void should_give_every_event_and_destination_its_own_delivery_id() {
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            UUID event = EventIds.next();
            for (String destination : new String[] {"database", "crm", "email"}) {
                ids.add(EventIds.ofDelivery(event, destination));
            }
        }

        assertThat(ids).hasSize(60_000);
    }
}
