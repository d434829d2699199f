package beginibridge.cli;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * {@code --set event.details.x=value}: changes one value of a JSON body by its dotted path, so a test body differs from
 * a sample or a saved file by a value or two without editing it. The value is JSON when it parses as JSON (a number,
 * a list, {@code null}), else text.
 */
final class JsonOverrides {

    /** Strict: "12abc" is the text it looks like, not the number 12 and some ignored letters. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private JsonOverrides() {
    }

    static byte[] apply(byte[] body, List<String> overrides) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException invalid) {
            throw new IllegalArgumentException("--set needs a JSON body, and this one does not parse: "
                    + invalid.getOriginalMessage());
        }
        if (!(root instanceof ObjectNode)) {
            throw new IllegalArgumentException("--set needs a body that is a JSON object");
        }
        for (String override : overrides) {
            set((ObjectNode) root, override);
        }
        return JSON.writeValueAsBytes(root);
    }

    private static void set(ObjectNode root, String override) {
        int equals = override.indexOf('=');
        if (equals < 1) {
            throw new IllegalArgumentException("--set '" + override + "': write PATH=VALUE, e.g. event.details.x=1");
        }
        String[] path = override.substring(0, equals).split("\\.", -1);
        JsonNode value = value(override.substring(equals + 1));
        ContainerNode<?> parent = root;
        for (int i = 0; i < path.length; i++) {
            String name = path[i];
            if (name.isEmpty()) {
                throw new IllegalArgumentException("--set '" + override + "': the path has an empty name");
            }
            boolean last = i == path.length - 1;
            if (parent instanceof ArrayNode list) {
                int index = index(list, name, override);
                if (last) {
                    list.set(index, value);
                } else {
                    parent = container(list.get(index), override, name);
                }
            } else {
                ObjectNode object = (ObjectNode) parent;
                if (last) {
                    object.set(name, value);
                } else {
                    JsonNode next = object.get(name);
                    parent = next == null || next.isNull() ? object.putObject(name) : container(next, override, name);
                }
            }
        }
    }

    private static ContainerNode<?> container(JsonNode node, String override, String name) {
        if (node instanceof ContainerNode<?> container) {
            return container;
        }
        throw new IllegalArgumentException("--set '" + override + "': " + name + " is a value, not an object or list");
    }

    private static int index(ArrayNode list, String name, String override) {
        try {
            int index = Integer.parseInt(name);
            if (index >= 0 && index < list.size()) {
                return index;
            }
        } catch (NumberFormatException notANumber) {
            // reported below, as an index out of range is
        }
        throw new IllegalArgumentException("--set '" + override + "': " + name + " is not an index of a list of "
                + list.size());
    }

    private static JsonNode value(String text) {
        try {
            JsonNode json = JSON.readTree(text);
            return json.isMissingNode() ? TextNode.valueOf(text) : json;
        } catch (JsonProcessingException notJson) {
            return TextNode.valueOf(text);
        }
    }
}
