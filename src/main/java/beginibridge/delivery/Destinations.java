package beginibridge.delivery;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;

/**
 * The destinations, as the routes say them: a destination is a route consuming {@code direct:to-<name>} (the
 * {@code to-*.camel.yaml} files of routes/), and it is on when that route starts with the bridge (its
 * {@code autoStartup}). Each gets its workers from the {@code delivery-workers} route template on first sight, so a
 * new destination needs no Java: its route, a routing-table entry, and its settings.
 */
public final class Destinations {

    /** The destination routes' endpoints are {@code direct:to-<name>}. */
    public static final String ENDPOINT_PREFIX = "to-";
    /** Names fit the delivery table's column and a metric tag. */
    private static final int MAX_NAME = 32;

    private final CamelContext context;

    public Destinations(CamelContext context) {
        this.context = context;
    }

    /** Every destination a route is there for, by name. */
    public List<String> all() {
        return context.getRoutes().stream().map(Destinations::name).filter(Objects::nonNull).distinct().sorted()
                .toList();
    }

    /** Whether a route is there for {@code name}. */
    public boolean exists(String name) {
        return route(name) != null;
    }

    /** Whether {@code name}'s route starts with the bridge; deliveries to a destination that is off are skipped. */
    public boolean isOn(String name) {
        Route route = route(name);
        return route != null && route.isAutoStartup();
    }

    /** The destinations that are on, by name. */
    public List<String> on() {
        return all().stream().filter(this::isOn).toList();
    }

    /**
     * Makes sure {@code name} has its workers: a route {@code <name>-workers} from the {@code delivery-workers}
     * template. Called for every destination once the routes have started, and for one a live reload added.
     */
    public void ensureWorkers(String name) {
        String routeId = name + "-workers";
        if (context.getRoute(routeId) == null) {
            addWorkers(name, routeId); // once per destination: routing threads only look the route up
        }
    }

    private synchronized void addWorkers(String name, String routeId) {
        if (context.getRoute(routeId) != null) {
            return;
        }
        try {
            context.addRouteFromTemplate(routeId, "delivery-workers", Map.of("destination", name));
        } catch (Exception e) {
            throw new IllegalStateException("The workers of destination " + name + " could not be started", e);
        }
    }

    private Route route(String name) {
        for (Route route : context.getRoutes()) {
            if (name.equals(name(route))) {
                return route;
            }
        }
        return null;
    }

    /** The destination a route is there for, or null when it is not a destination's route. */
    static String name(Route route) {
        String uri = route.getEndpoint().getEndpointUri();
        String prefix = "direct://" + ENDPOINT_PREFIX;
        if (!uri.startsWith(prefix)) {
            return null;
        }
        String name = uri.substring(prefix.length());
        int query = name.indexOf('?');
        name = query < 0 ? name : name.substring(0, query);
        return name.isEmpty() || name.length() > MAX_NAME ? null : name;
    }
}
