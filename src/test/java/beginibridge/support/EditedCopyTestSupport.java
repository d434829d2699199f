package beginibridge.support;

import java.nio.file.Path;
import java.util.Map;

/**
 * A bridge on H2 reading its routes and templates from an edited copy of routes/ and templates/ (as from a mounted
 * ConfigMap), for the tests of the edits the README shows.
 */
public abstract class EditedCopyTestSupport extends DispatchTestSupport {

    protected final Path config = edited(ConfigCopy.ofRoutesAndTemplates());

    /** The engineer's edit, made in the copy before the bridge starts; returns the copy. */
    protected abstract Path edited(Path copy);

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.h2();
    }

    @Override
    protected Map<String, String> moreSettings() {
        return Map.of("camel.main.routes-include-pattern", ConfigCopy.routesIncludePattern(config),
                "templates.dir", config.resolve("templates").toString());
    }
}
