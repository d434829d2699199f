package beginibridge.dispatch;

import java.util.List;

import beginibridge.event.ReceivedEvent;

/**
 * What the routing table decided for one event of a batch: the destinations its deliveries go to, pending for those
 * that are on and skipped for those that are off (both empty: the event is unrouted).
 */
public record Routing(ReceivedEvent event, List<String> pending, List<String> skipped) {
}
