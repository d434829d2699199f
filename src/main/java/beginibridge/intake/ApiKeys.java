package beginibridge.intake;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import beginibridge.settings.IdValueList;

/**
 * The API keys of {@code begini.api-keys}: comma-separated {@code integrationId=apiKey} pairs. An integration may be
 * listed several times, so that old and new keys are both valid while Begini rotates them.
 * Error messages name the position of a bad entry, never its content.
 */
public final class ApiKeys {

    /** One key and the integration it vouches for. */
    public record Key(String integrationId, byte[] secret) {
    }

    private final List<Key> keys;

    private ApiKeys(List<Key> keys) {
        this.keys = List.copyOf(keys);
    }

    public static ApiKeys parse(String setting) {
        List<Key> keys = new ArrayList<>();
        for (IdValueList.Entry entry : IdValueList.parse(setting, "begini.api-keys", "integrationId=apiKey")) {
            if (!EnvelopeReader.isVisible(entry.id())) {
                throw new IllegalArgumentException("begini.api-keys: the integration id of entry " + entry.position()
                        + " must be 1-" + EnvelopeReader.MAX_ID_LENGTH + " visible characters");
            }
            keys.add(new Key(entry.id(), entry.value().getBytes(StandardCharsets.UTF_8)));
        }
        return new ApiKeys(keys);
    }

    public List<Key> keys() {
        return keys;
    }

    public boolean isEmpty() {
        return keys.isEmpty();
    }

    public Set<String> integrations() {
        Set<String> ids = new LinkedHashSet<>();
        keys.forEach(k -> ids.add(k.integrationId()));
        return ids;
    }
}
