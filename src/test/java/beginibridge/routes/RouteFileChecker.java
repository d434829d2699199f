package beginibridge.routes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Checks route files as Camel's visual editor (Kaoto) and the YAML DSL read them: against the DSL's own JSON schema
 * ({@code schema/camelYamlDsl.json} in the camel-yaml-dsl jar on the class path), and for what keeps a saved file
 * stable: an explicit kebab-case id on every route, endpoint, step and branch (else the editor writes random ones on
 * each save), ids unique across the files, and endpoint options under {@code parameters} rather than in the URI.
 */
final class RouteFileChecker {

    /** Where a schema violation, a missing id or an inline option was found, and what it is. */
    private static final Pattern WHOLE_PLACEHOLDER =
            Pattern.compile("\\{\\{[^{}\\s]+}}");

    record Violation(String file, String path, String problem) {
        @Override
        public String toString() {
            return file + ": " + path + ": " + problem;
        }
    }

    private record IdUse(String id, String file, String path) {
    }

    static final String SCHEMA = "schema/camelYamlDsl.json";

    /** The keys whose value is a branch of the step above them, a block of steps with an id of its own. */
    private static final Set<String> BRANCHES = Set.of("when", "otherwise", "doCatch", "doFinally", "onException",
            "onCompletion", "intercept", "interceptFrom", "interceptSendToEndpoint", "onFallback");

    /** The top-level definitions that carry their id as {@code id} (a templated route names its route routeId). */
    private static final Set<String> IDENTIFIED = Set.of("route", "routeConfiguration", "routeTemplate");

    private static final Pattern KEBAB_CASE = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    /** Property placeholders and simple expressions, innermost first: a {@code ?} inside them is no URI query. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{[^{}]*}}|\\$\\{[^{}]*}");

    private static final String MESSAGES_FILE = "jsv-messages.properties";

    private static final Properties MESSAGES = validatorMessages();

    /** A key written twice is an error here, as it is for Camel's loader, rather than the last one silently kept. */
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private final Schema schema;

    private RouteFileChecker(Schema schema) {
        this.schema = schema;
    }

    /** A checker against the schema of the camel-yaml-dsl jar the bridge runs with. */
    static RouteFileChecker withCamelSchema() {
        URL url = RouteFileChecker.class.getClassLoader().getResource(SCHEMA);
        if (url == null || !url.toString().contains("/camel-yaml-dsl-")) {
            throw new IllegalStateException(SCHEMA + " of camel-yaml-dsl is not on the class path (found " + url + ")");
        }
        try (InputStream in = url.openStream()) {
            // Camel marks deprecated options with a keyword draft 4 does not know: an annotation, nothing to validate
            Dialect draft4 = Dialect.builder(Dialects.getDraft4()).keyword(new NonValidationKeyword("deprecated"))
                    .build();
            Schema schema = SchemaRegistry.withDefaultDialect(draft4).getSchema(in);
            schema.initializeValidators();
            return new RouteFileChecker(schema);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every violation in the given files (name to YAML text), each file on its own, then ids repeated across them. */
    List<Violation> check(Map<String, String> files) {
        List<Violation> violations = new ArrayList<>();
        Map<String, IdUse> firstUse = new LinkedHashMap<>();
        for (Map.Entry<String, String> file : files.entrySet()) {
            JsonNode root;
            try {
                root = YAML.readTree(file.getValue());
            } catch (RuntimeException e) {
                violations.add(new Violation(file.getKey(), "/", "not YAML: " + e.getMessage()));
                continue;
            }
            for (Error error : schema.validate(root)) {
                if (isPlaceholderForTypedValue(root, error)) {
                    continue;
                }
                violations.add(new Violation(file.getKey(), error.getInstanceLocation().toString(),
                        "schema: " + message(error)));
            }
            Walk walk = new Walk(file.getKey());
            walk.topLevel(root);
            violations.addAll(walk.violations);
            for (IdUse use : walk.ids) {
                IdUse earlier = firstUse.putIfAbsent(use.id(), use);
                if (earlier != null) {
                    violations.add(new Violation(use.file(), use.path(),
                            "id '" + use.id() + "' already used at " + earlier.file() + ": " + earlier.path()));
                }
            }
        }
        return violations;
    }

    /**
     * A string that is one property placeholder and nothing else ({@code "{{configured:crm.url}}"}) where the schema
     * wants a boolean or a number: Camel resolves it before converting the value, as it does for every option.
     */
    private static boolean isPlaceholderForTypedValue(JsonNode root, Error error) {
        if (!"type".equals(error.getKeyword())) {
            return false;
        }
        JsonNode value = root.at(error.getInstanceLocation().toString());
        return value != null && value.isTextual() && WHOLE_PLACEHOLDER.matcher(value.asText()).matches();
    }

    /**
     * The validator's message, formatted from its own jar's texts: WireMock's standalone jar, also on the test class
     * path, carries an older copy of the same resource whose placeholders are numbered differently.
     */
    private static String message(Error error) {
        String pattern = MESSAGES.getProperty(error.getMessageKey());
        String text = pattern == null ? error.getKeyword() + " " + Arrays.toString(error.getArguments())
                : new MessageFormat(pattern, Locale.ROOT).format(error.getArguments());
        return text + " (" + error.getKeyword() + ")";
    }

    private static Properties validatorMessages() {
        try {
            for (URL url : Collections.list(RouteFileChecker.class.getClassLoader().getResources(MESSAGES_FILE))) {
                if (url.toString().contains("/json-schema-validator-")) {
                    Properties messages = new Properties();
                    try (InputStream in = url.openStream()) {
                        messages.load(in);
                    }
                    return messages;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException(MESSAGES_FILE + " of json-schema-validator is not on the class path");
    }

    /** One file's tree, walked once; the ids it uses are kept for the check across files. */
    private static final class Walk {

        final String file;
        final List<Violation> violations = new ArrayList<>();
        final List<IdUse> ids = new ArrayList<>();

        Walk(String file) {
            this.file = file;
        }

        void topLevel(JsonNode root) {
            if (!root.isArray()) {
                return;
            }
            for (int i = 0; i < root.size(); i++) {
                JsonNode element = root.get(i);
                for (Map.Entry<String, JsonNode> entry : element.properties()) {
                    String kind = entry.getKey();
                    String path = "/" + i + "/" + kind;
                    if (IDENTIFIED.contains(kind)) {
                        requireId(entry.getValue(), path, kind, "id");
                        walkMap(entry.getValue(), path);
                    } else if ("templatedRoute".equals(kind)) {
                        requireId(entry.getValue(), path, kind, "routeId");
                    } else {
                        walkEntry(kind, entry.getValue(), "/" + i);
                    }
                }
            }
        }

        private void walkMap(JsonNode node, String path) {
            if (!node.isObject()) {
                return;
            }
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                walkEntry(entry.getKey(), entry.getValue(), path);
            }
        }

        private void walkEntry(String key, JsonNode value, String parent) {
            String path = parent + "/" + key;
            if ("parameters".equals(key)) {
                return;
            }
            if ("uri".equals(key) && value.isString()) {
                requireNoQuery(value.asString(), path);
            } else if ("from".equals(key) && value.isObject()) {
                requireId(value, path, key, "id");
                walkMap(value, path);
            } else if ("steps".equals(key) && value.isArray()) {
                for (int i = 0; i < value.size(); i++) {
                    step(value.get(i), path + "/" + i);
                }
            } else if (BRANCHES.contains(key)) {
                branch(key, value, path);
            } else if (value.isObject()) {
                walkMap(value, path);
            } else if (value.isArray()) {
                for (int i = 0; i < value.size(); i++) {
                    walkMap(value.get(i), path + "/" + i);
                }
            }
        }

        /** A step is a map of one key, its kind, to its definition; the shorthand ({@code - to: uri}) has no id. */
        private void step(JsonNode element, String path) {
            if (!element.isObject() || element.size() != 1) {
                return;
            }
            Map.Entry<String, JsonNode> only = element.properties().iterator().next();
            String kind = only.getKey();
            JsonNode definition = only.getValue();
            String at = path + "/" + kind;
            if (!definition.isObject()) {
                violations.add(new Violation(file, at, "step '" + kind + "' in short form, without an id"));
                if ("to".equals(kind) || "toD".equals(kind)) {
                    requireNoQuery(definition.asString(), at);
                }
                return;
            }
            requireId(definition, at, kind, "id");
            walkMap(definition, at);
        }

        /** A branch is a definition, a list of them, or (onException in a route configuration) a list of wrappers. */
        private void branch(String key, JsonNode value, String path) {
            if (value.isObject()) {
                requireId(value, path, key, "id");
                walkMap(value, path);
            } else if (value.isArray()) {
                for (int i = 0; i < value.size(); i++) {
                    JsonNode element = value.get(i);
                    String at = path + "/" + i;
                    if (element.isObject() && element.size() == 1 && element.has(key)) {
                        walkEntry(key, element.get(key), at);
                    } else if (element.isObject()) {
                        requireId(element, at, key, "id");
                        walkMap(element, at);
                    }
                }
            }
        }

        private void requireId(JsonNode definition, String path, String kind, String field) {
            JsonNode id = definition.isObject() ? definition.get(field) : null;
            if (id == null || !id.isString() || id.asString().isBlank()) {
                violations.add(new Violation(file, path, kind + " without " + ("id".equals(field) ? "an id" : field)));
                return;
            }
            keep(id.asString(), path);
        }

        private void keep(String id, String path) {
            if (!KEBAB_CASE.matcher(id).matches()) {
                violations.add(new Violation(file, path, "id '" + id + "' is not kebab-case"));
            }
            ids.add(new IdUse(id, file, path));
        }

        private void requireNoQuery(String uri, String path) {
            String outside = uri;
            for (String previous = null; !outside.equals(previous); ) {
                previous = outside;
                outside = PLACEHOLDER.matcher(outside).replaceAll("");
            }
            if (outside.contains("?")) {
                violations.add(new Violation(file, path,
                        "endpoint options inline in the uri '" + uri + "', not under parameters"));
            }
        }
    }
}
