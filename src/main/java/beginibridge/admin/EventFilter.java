package beginibridge.admin;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import beginibridge.db.Times;
import io.vertx.core.MultiMap;

/**
 * The filters of the admin API's queries, validated: an unknown value is a 400 naming the parameter, never SQL.
 * Every filter becomes a bound parameter of a fixed WHERE clause.
 */
final class EventFilter {

    static final Set<String> EVENT_STATUSES = Set.of("received", "routed", "unrouted", "quarantined");
    static final Set<String> DELIVERY_STATUSES = Set.of("pending", "done", "dead", "unmatched", "skipped");
    private static final List<String> FILTERS = List.of("status", "type", "uid", "destination", "delivery_status",
            "from", "to", "limit");
    /** What a list of events accepts: the filters, and {@code before} to page. */
    static final Set<String> LIST_PARAMETERS = with(FILTERS, "before");
    /** What a bulk replay accepts: the filters, and {@code dry_run}. */
    static final Set<String> REPLAY_PARAMETERS = with(FILTERS, "dry_run");

    final String status;
    final String type;
    final String uid;
    final String destination;
    final String deliveryStatus;
    final Instant from;
    final Instant to;
    final int limit;
    final UUID before;

    EventFilter(MultiMap query, int defaultLimit, int maxLimit, Collection<String> destinations) {
        status = oneOf(query, "status", EVENT_STATUSES);
        type = query.get("type");
        uid = query.get("uid");
        destination = oneOf(query, "destination", Set.copyOf(destinations));
        deliveryStatus = oneOf(query, "delivery_status", DELIVERY_STATUSES);
        from = parse(query, "from", Instant::parse, "an ISO-8601 instant such as 2026-11-22T10:00:00Z");
        to = parse(query, "to", Instant::parse, "an ISO-8601 instant such as 2026-11-22T10:00:00Z");
        before = parse(query, "before", UUID::fromString, "an event id");
        limit = QueryParameters.limit(query, defaultLimit, maxLimit);
    }

    /** The WHERE clause over {@code begini_event e} and its parameters, in order. */
    String where(List<Object> parameters) {
        List<String> conditions = new ArrayList<>();
        condition(conditions, parameters, "e.status = ?", status);
        condition(conditions, parameters, "e.event_type = ?", type);
        condition(conditions, parameters, "e.uid = ?", uid);
        condition(conditions, parameters, "e.received_at >= ?", from == null ? null : Times.utc(from));
        condition(conditions, parameters, "e.received_at < ?", to == null ? null : Times.utc(to));
        condition(conditions, parameters, "e.id < ?", before);
        if (destination != null || deliveryStatus != null) {
            StringBuilder exists = new StringBuilder("EXISTS (SELECT 1 FROM begini_delivery d WHERE d.event_id = e.id");
            if (destination != null) {
                exists.append(" AND d.destination = ?");
                parameters.add(destination);
            }
            if (deliveryStatus != null) {
                exists.append(" AND d.status = ?");
                parameters.add(deliveryStatus);
            }
            conditions.add(exists.append(')').toString());
        }
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    private static Set<String> with(List<String> names, String more) {
        return Stream.concat(names.stream(), Stream.of(more)).collect(Collectors.toUnmodifiableSet());
    }

    private static void condition(List<String> conditions, List<Object> parameters, String sql, Object value) {
        if (value != null) {
            conditions.add(sql);
            parameters.add(value);
        }
    }

    private static String oneOf(MultiMap query, String name, Set<String> allowed) {
        String value = query.get(name);
        if (value != null && !allowed.contains(value)) {
            throw new BadRequest(name + " must be one of " + allowed.stream().sorted().toList());
        }
        return value;
    }

    private static <T> T parse(MultiMap query, String name, Function<String, T> parser, String expected) {
        String value = query.get(name);
        if (value == null) {
            return null;
        }
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new BadRequest(name + " must be " + expected);
        }
    }
}
