package beginibridge;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import beginibridge.delivery.Destinations;
import beginibridge.settings.SettingProblem;
import org.apache.camel.model.ChoiceDefinition;
import org.apache.camel.model.ExpressionNode;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.SetPropertyDefinition;
import org.apache.camel.model.language.ExpressionDefinition;

/**
 * What the routing table names, read from the route definitions before they run: the destinations its entries send
 * events to and the templates its table of event types names, so that a misspelt destination or a missing template
 * stops the start (or a live reload) instead of failing every event of a type later.
 */
final class RouteTableCheck {

    private static final String DIRECT_PREFIX = "direct:" + Destinations.ENDPOINT_PREFIX;

    private final List<RouteDefinition> routes;

    RouteTableCheck(List<RouteDefinition> routes) {
        this.routes = List.copyOf(routes);
    }

    /** The destinations there are: routes consuming {@code direct:to-<name>}. */
    Set<String> destinations() {
        Set<String> names = new TreeSet<>();
        for (RouteDefinition route : routes) {
            String uri = route.getInput() == null ? "" : route.getInput().getEndpointUri().replace("direct://",
                    "direct:");
            if (uri.startsWith(DIRECT_PREFIX)) {
                String name = uri.substring(DIRECT_PREFIX.length());
                int query = name.indexOf('?');
                names.add(query < 0 ? name : name.substring(0, query));
            }
        }
        return names;
    }

    /** Every constant value a step sets the exchange property {@code property} to, in any route. */
    Set<String> constants(String property) {
        Set<String> values = new LinkedHashSet<>();
        for (RouteDefinition route : routes) {
            collect(route.getOutputs(), property, values);
        }
        return values;
    }

    /** Refuses a routing table that sends events to a destination no route is there for. */
    void requireKnownDestinations(Set<String> known) {
        for (String list : constants("destinations")) {
            for (String destination : list.split(",")) {
                String name = destination.trim();
                if (!name.isEmpty() && !known.contains(name)) {
                    throw new SettingProblem("routing table (route-event)", "sends events to destination '" + name
                            + "', which has no route (direct:" + Destinations.ENDPOINT_PREFIX + name + ")",
                            "name one of " + known + ", or add routes/" + Destinations.ENDPOINT_PREFIX + name
                                    + ".camel.yaml");
                }
            }
        }
    }

    private static void collect(List<ProcessorDefinition<?>> steps, String property, Set<String> values) {
        for (ProcessorDefinition<?> step : steps) {
            if (step instanceof SetPropertyDefinition set && property.equals(set.getName())
                    && "constant".equals(language(set))) {
                values.add(set.getExpression().getExpression());
            }
            List<ProcessorDefinition<?>> nested = new ArrayList<>(step.getOutputs());
            if (step instanceof ChoiceDefinition choice) {
                choice.getWhenClauses().forEach(when -> nested.addAll(when.getOutputs()));
                if (choice.getOtherwise() != null) {
                    nested.addAll(choice.getOtherwise().getOutputs());
                }
            }
            collect(nested, property, values);
        }
    }

    private static String language(ExpressionNode node) {
        ExpressionDefinition expression = node.getExpression();
        return expression == null ? null : expression.getLanguage();
    }
}
