package beginibridge.support;

import java.nio.file.Path;
import java.util.Map;

import org.apache.camel.Route;

/**
 * The bridge as in the README's developer loop: routes and templates read from a copy of the project's folders, with
 * live reload on, so that a test edits the copy and sees the running routes replaced.
 */
public abstract class LiveReloadTestSupport extends DispatchTestSupport {

    protected final Path config = ConfigCopy.ofRoutesAndTemplates();

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.h2();
    }

    @Override
    protected Map<String, String> moreSettings() {
        return Map.of("camel.main.routes-include-pattern", ConfigCopy.routesIncludePattern(config),
                "camel.main.routes-reload-enabled", "true",
                "camel.main.routes-reload-directory", config.resolve("routes").toString(),
                "templates.dir", config.resolve("templates").toString());
    }

    /** Whether a route of the same id, reloaded from its edited file, now runs in place of {@code route}. */
    protected boolean replaced(Route route) {
        Route now = context.getRoute(route.getRouteId());
        return now != null && now != route;
    }
}
