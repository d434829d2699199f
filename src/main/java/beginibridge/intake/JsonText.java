package beginibridge.intake;

/** Renders the small JSON answers of the webhook endpoint without a serializer on the hot path. */
public final class JsonText {

    private JsonText() {
    }

    public static String detail(String text) {
        return "{\"detail\":" + quote(text) + "}";
    }

    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
