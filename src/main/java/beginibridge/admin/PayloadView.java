package beginibridge.admin;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * How a stored payload is shown by the admin API: a reader (the console above all) gets the JSON itself to
 * pretty-print rather than an escaped string, and still sees what was quarantined because it was not JSON
 * ({@code payload_text}) or not even text ({@code payload_base64}).
 */
final class PayloadView {

    /** The fields one of which holds a payload shown. */
    static final Set<String> FIELDS = Set.of("payload", "payload_text", "payload_base64");

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private PayloadView() {
    }

    static void put(Map<String, Object> event, byte[] payload) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload)).toString();
        } catch (CharacterCodingException notText) {
            event.put("payload_base64", Base64.getEncoder().encodeToString(payload));
            return;
        }
        JsonNode json = parsed(text);
        if (json != null && json.isContainerNode()) {
            event.put("payload", json);
        } else {
            event.put("payload_text", text);
        }
    }

    private static JsonNode parsed(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException notJson) {
            return null;
        }
    }
}
