package beginibridge.json;

/** Renders the small JSON answers of the webhook endpoint without a serializer on the hot path. */
public final class JsonText {

    private JsonText() {
    }

    public static String detail(String text) {
        return "{\"detail\":\"" + JsonStrings.escape(text) + "\"}";
    }
}
