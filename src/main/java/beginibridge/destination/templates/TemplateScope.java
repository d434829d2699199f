package beginibridge.destination.templates;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.AbstractMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import beginibridge.delivery.DeliveryExchange;
import beginibridge.json.Json;
import org.apache.camel.Exchange;

/**
 * What a template sees of an event. Templates print values and test them in sections, so the event's values reach
 * them as scalars (text, number, true or false), except where a template is meant to enter an object or iterate a
 * list: {@code details}, {@code calculated} and each of {@code calculated.traits} are objects of scalars, and
 * {@code reasons} and {@code calculated.traits} are lists. Any other list or object, wherever the sender put it, is
 * given as its JSON text. A section over a value then renders once, not once per element: a 4 KB list in
 * {@code percentage_completed}, inside a section printing it, made a 12.5 MB mail. {@code percent} is a lambda
 * that shows a fraction such as {@code 0.333333333333333} as a person reads it ({@link Percent}).
 */
final class TemplateScope {

    private static final Percent PERCENT = new Percent();

    private TemplateScope() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> of(Exchange exchange) {
        Map<String, Object> webhook = exchange.getMessage().getBody(Map.class);
        Map<String, Object> event = webhook != null && webhook.get("event") instanceof Map<?, ?> map
                ? (Map<String, Object>) map : Map.of();
        Map<?, ?> details = event.get("details") instanceof Map<?, ?> map ? map : Map.of();
        Object reasons = event.get("reasons");
        Object calculated = details.get("calculated");
        Map<String, Object> scope = new HashMap<>();
        scope.put("event_id", exchange.getProperty(DeliveryExchange.EVENT_ID));
        scope.put("event_type", exchange.getProperty(DeliveryExchange.EVENT_TYPE));
        scope.put("uid", exchange.getProperty(DeliveryExchange.UID));
        scope.put("integration_id", exchange.getProperty(DeliveryExchange.INTEGRATION_ID));
        scope.put("status", exchange.getProperty(DeliveryExchange.STATUS));
        scope.put("details", scalars(details));
        scope.put("reasons", reasons instanceof List<?> list ? list.stream().map(TemplateScope::scalar).toList()
                : scalar(reasons));
        scope.put("has_reasons", reasons instanceof List<?> list && !list.isEmpty());
        scope.put("calculated", calculated instanceof Map<?, ?> map ? calculated(map) : scalar(calculated));
        Object applicant = exchange.getProperty(DeliveryExchange.APPLICANT);
        scope.put("applicant", applicant);
        Map<String, Object> jsonValues = new HashMap<>();
        jsonValues.put("details", details);
        jsonValues.put("reasons", reasons);
        jsonValues.put("calculated", calculated);
        jsonValues.put("applicant", applicant);
        scope.put("json", new JsonTexts(jsonValues));
        scope.put("percent", PERCENT);
        return scope;
    }

    /**
     * {@code json.<name>}: a value as JSON text, written only when a template asks for it (a template uses one or two
     * of them, and writing all of them for every delivery was a measurable share of its CPU).
     */
    private static final class JsonTexts extends AbstractMap<String, String> {

        private final Map<String, Object> values;

        JsonTexts(Map<String, Object> values) {
            this.values = values;
        }

        @Override
        public boolean containsKey(Object name) {
            return values.containsKey(name);
        }

        @Override
        public String get(Object name) {
            return values.containsKey(name) ? toJson(values.get(name)) : null;
        }

        @Override
        public Set<Entry<String, String>> entrySet() {
            Map<String, String> all = new HashMap<>();
            values.keySet().forEach(name -> all.put(name, get(name)));
            return all.entrySet();
        }
    }

    /** The score's own fields as scalars, and its traits as a list of objects of scalars. */
    private static Map<String, Object> calculated(Map<?, ?> calculated) {
        Map<String, Object> scope = scalars(calculated);
        if (calculated.get("traits") instanceof List<?> traits) {
            scope.put("traits", traits.stream()
                    .map(trait -> trait instanceof Map<?, ?> fields ? scalars(fields) : scalar(trait)).toList());
        }
        return scope;
    }

    private static Map<String, Object> scalars(Map<?, ?> object) {
        Map<String, Object> scope = new LinkedHashMap<>();
        object.forEach((name, value) -> scope.put(String.valueOf(name), scalar(value)));
        return scope;
    }

    private static Object scalar(Object value) {
        return value instanceof List<?> || value instanceof Map<?, ?> ? toJson(value) : value;
    }

    private static String toJson(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
