package beginibridge.destination.database;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the fields of {@code event.details} leniently: Begini's values are not enumerated and its examples are not
 * always well typed, so a field of an unexpected type reads as absent (or as its text) rather than failing. Text
 * keeps every character a database text column can hold: U+0000 (which PostgreSQL refuses) and halves of surrogate
 * pairs read as U+FFFD, so such a value is stored rather than failing its delivery; the stored payload keeps it
 * exactly.
 */
public final class EventFields {

    /** One trait of a psychometric score, every value kept as text. */
    public record Trait(String key, String value, String riskBand) {
    }

    /** 2^63: the doubles from here on are beyond a long. */
    private static final double LONG_RANGE = 0x1p63;
    private static final int REPLACEMENT = 0xFFFD;

    private final Map<String, Object> details;
    private final List<?> reasons;

    @SuppressWarnings("unchecked")
    public EventFields(Map<String, Object> webhook) {
        Object event = webhook == null ? null : webhook.get("event");
        Object found = event instanceof Map<?, ?> map ? map.get("details") : null;
        this.details = found instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
        this.reasons = event instanceof Map<?, ?> map && map.get("reasons") instanceof List<?> list ? list : null;
    }

    /** A whole number of seconds; absent when it is not one, or beyond what a long holds (it would wrap). */
    public Long epochSeconds(String field) {
        Object value = details.get(field);
        if (value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())
                && Math.abs(number.doubleValue()) < LONG_RANGE) {
            return number.longValue();
        }
        return null;
    }

    public String text(String field) {
        return asText(details.get(field));
    }

    public List<?> list(String field) {
        return details.get(field) instanceof List<?> list ? list : null;
    }

    public List<?> reasons() {
        return reasons;
    }

    public Map<?, ?> calculated() {
        return details.get("calculated") instanceof Map<?, ?> map ? map : null;
    }

    public Integer calculatedInteger(String field) {
        Map<?, ?> calculated = calculated();
        Object value = calculated == null ? null : calculated.get(field);
        if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())
                && Math.abs(number.doubleValue()) <= Integer.MAX_VALUE) {
            return number.intValue();
        }
        return null;
    }

    public String calculatedText(String field) {
        Map<?, ?> calculated = calculated();
        return calculated == null ? null : asText(calculated.get(field));
    }

    public List<Trait> traits() {
        Map<?, ?> calculated = calculated();
        List<Trait> traits = new ArrayList<>();
        if (calculated != null && calculated.get("traits") instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> trait) {
                    traits.add(new Trait(asText(trait.get("key")), asText(trait.get("value")),
                            asText(trait.get("risk_band"))));
                }
            }
        }
        return traits;
    }

    private static String asText(Object value) {
        if (value == null || value instanceof Map || value instanceof List) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        value.toString().codePoints().forEach(c -> text.appendCodePoint(
                c == 0 || Character.getType(c) == Character.SURROGATE ? REPLACEMENT : c));
        return text.toString();
    }
}
