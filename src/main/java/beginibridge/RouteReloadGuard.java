package beginibridge;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import beginibridge.settings.SettingProblem;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.spi.ResourceReload;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With live reload on, a saved routes file is checked as the start checks the routes (its destinations all have a
 * route, the templates it names for a destination that is on are there) before Camel replaces the running routes: one
 * that fails is refused with one WARN line, and the routes before it stay in force, rather than failing every event
 * of a type with a stack trace each time.
 */
final class RouteReloadGuard {

    private static final Logger LOG = LoggerFactory.getLogger(RouteReloadGuard.class);

    private RouteReloadGuard() {
    }

    /** Puts the check in front of Camel's reload, when live reload is on. */
    static void install(CamelContext context) {
        RouteWatcherReloadStrategy watcher = context.hasService(RouteWatcherReloadStrategy.class);
        if (watcher == null || watcher.getResourceReload() == null) {
            return;
        }
        ResourceReload reload = watcher.getResourceReload();
        // one save can reach the watcher as more than one file event: the same refusal of the same file is said once
        Map<String, String> refused = new ConcurrentHashMap<>();
        watcher.setResourceReload((name, resource) -> {
            if (halfSaved(resource)) {
                // an editor truncates before it writes: the watcher can see the file empty for a moment
                LOG.debug("Reloaded {} is empty, waiting for the rest of the save", name);
                return;
            }
            String refusal = refusal(context, resource);
            if (refusal != null) {
                if (!refusal.equals(refused.put(name, refusal))) {
                    LOG.warn("Reloaded {} is refused, the routes before it stay in force: {}", name, refusal);
                }
                return;
            }
            refused.remove(name);
            reload.onReload(name, resource);
        });
    }

    private static boolean halfSaved(Resource resource) {
        try (InputStream content = resource.getInputStream()) {
            return content == null || new String(content.readAllBytes(), StandardCharsets.UTF_8).isBlank();
        } catch (IOException gone) {
            return true;
        }
    }

    /** Why the routes of {@code resource} may not replace those running, or null. */
    static String refusal(CamelContext context, Resource resource) {
        String location = resource.getLocation().toLowerCase(Locale.ROOT);
        if (!location.endsWith(".yaml") && !location.endsWith(".yml")) {
            return null;
        }
        try {
            List<RouteDefinition> fresh = new ArrayList<>();
            for (RoutesBuilder builder : PluginHelper.getRoutesLoader(context).findRoutesBuilders(resource)) {
                if (builder instanceof RouteBuilder routes) {
                    fresh.addAll(routes.configureRoutes(context).getRoutes());
                }
            }
            Set<String> replaced = fresh.stream().map(RouteDefinition::getRouteId).collect(Collectors.toSet());
            List<RouteDefinition> after = new ArrayList<>(fresh);
            ((ModelCamelContext) context).getRouteDefinitions().stream()
                    .filter(route -> !replaced.contains(route.getRouteId())).forEach(after::add);
            BridgeStartup.checkRoutes(context, after);
            return null;
        } catch (SettingProblem problem) {
            return problem.getMessage();
        } catch (Exception unreadable) {
            return "it cannot be read: " + unreadable.getMessage();
        }
    }
}
