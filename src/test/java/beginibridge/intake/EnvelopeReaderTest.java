package beginibridge.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import beginibridge.event.Envelope;
import beginibridge.event.IntakeExchange;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The envelope checks on their own: the ids' length and characters, and what each malformed body is called. */
class EnvelopeReaderTest {

    static final String INTEGRATION = "00000000000000000001";
    static final Set<String> SIGNED_BY = Set.of(INTEGRATION);

    final EnvelopeReader reader = new EnvelopeReader(1_048_576, "1h");

    @Test
    void should_accept_ids_of_exactly_128_characters_and_refuse_129() {
        String longest = "U".repeat(EnvelopeReader.MAX_ID_LENGTH);

        Envelope envelope = reader.parse(body(longest, "event.type.".repeat(11) + "1234567"), SIGNED_BY);

        assertThat(envelope.uid()).isEqualTo(longest);
        assertThat(envelope.eventType()).hasSize(128);
        assertThatThrownBy(() -> reader.parse(body(longest + "U", "application.complete"), SIGNED_BY))
                .isInstanceOf(InvalidWebhook.class)
                .hasMessage("Missing or invalid field: uid (1-128 visible characters are required)");
        assertThatThrownBy(() -> reader.parse(body("APP-1", "t".repeat(129)), SIGNED_BY))
                .hasMessage("Missing or invalid field: event.type (1-128 visible characters are required)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"APP 1", "APP\\t1", "APP\\u00001", "APP\\u200B1", "APP\\u202E1", "APP\\u00A01",
        "APP\\uD8001", ""})
    void should_refuse_a_uid_with_a_blank_control_format_or_half_character(String uid) {
        assertThatThrownBy(() -> reader.parse(body(uid, "application.complete"), SIGNED_BY))
                .isInstanceOf(InvalidWebhook.class)
                .hasMessage("Missing or invalid field: uid (1-128 visible characters are required)");
    }

    @Test
    void should_accept_any_visible_character_in_an_id() {
        assertThat(reader.parse(body("Ä-ß_日本/😀.~", "application.complete"), SIGNED_BY).uid())
                .isEqualTo("Ä-ß_日本/😀.~");
    }

    @Test
    void should_call_an_integration_id_that_is_no_string_invalid_not_forbidden() {
        byte[] numeric = json("{\"integration_id\":1,\"uid\":\"APP-1\",\"event\":{\"type\":\"t\",\"details\":{}}}");
        byte[] missing = json("{\"uid\":\"APP-1\",\"event\":{\"type\":\"t\",\"details\":{}}}");
        byte[] other = json("{\"integration_id\":\"00000000000000000002\",\"uid\":\"APP-1\",\"event\":"
                + "{\"type\":\"t\",\"details\":{}}}");

        assertThatThrownBy(() -> reader.parse(numeric, SIGNED_BY)).isInstanceOf(InvalidWebhook.class)
                .hasMessage("Missing or invalid field: integration_id (1-128 visible characters are required)");
        assertThatThrownBy(() -> reader.parse(missing, SIGNED_BY)).isInstanceOf(InvalidWebhook.class)
                .hasMessageStartingWith("Missing or invalid field: integration_id");
        assertThatThrownBy(() -> reader.parse(other, SIGNED_BY)).isNotInstanceOf(InvalidWebhook.class)
                .isInstanceOf(WebhookRejection.class)
                .satisfies(rejected -> assertThat(((WebhookRejection) rejected).getStatus()).isEqualTo(403));
    }

    @Test
    void should_name_what_is_wrong_with_a_malformed_body() {
        assertThat(reason(new byte[0])).isEqualTo("Body is empty");
        assertThat(reason(json("   "))).isEqualTo("Body is empty");
        assertThat(reason(json("{\"uid\":\"a\",\"uid\":\"b\"}"))).isEqualTo("Body is not valid JSON: duplicate field");
        assertThat(reason(json("{\"uid\":"))).isEqualTo("Body is not valid JSON");
        assertThat(reason(json("{} {}"))).isEqualTo("Body is not valid JSON");
        assertThat(reason(new byte[] {'{', (byte) 0xC3, '}'})).isEqualTo("Body is not valid JSON: not UTF-8");
        assertThat(reason(json("[1]"))).isEqualTo("Body is not a JSON object");
        assertThat(reason(json("[".repeat(100) + "]".repeat(100))))
                .isEqualTo("Body exceeds the JSON limits (nesting depth or value length)");
        assertThat(reason(json("{\"integration_id\":\"" + INTEGRATION + "\",\"uid\":\"A\",\"event\":[]}")))
                .isEqualTo("Missing or invalid field: event (an object is required)");
        assertThat(reason(json("{\"integration_id\":\"" + INTEGRATION + "\",\"uid\":\"A\",\"event\":{\"type\":\"t\"}}")))
                .isEqualTo("Missing or invalid field: event.details (an object is required)");
    }

    @Test
    void should_skip_a_leading_byte_order_mark() {
        byte[] plain = body("APP-BOM", "application.complete");
        byte[] withMark = new byte[plain.length + 3];
        withMark[0] = (byte) 0xEF;
        withMark[1] = (byte) 0xBB;
        withMark[2] = (byte) 0xBF;
        System.arraycopy(plain, 0, withMark, 3, plain.length);

        assertThat(reader.parse(withMark, SIGNED_BY).uid()).isEqualTo("APP-BOM");
    }

    @Test
    void should_put_the_envelope_or_the_reason_and_the_integration_to_file_it_under_in_the_exchange()
            throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Exchange valid = exchange(camel, body("APP-1", "application.complete"), SIGNED_BY);
            Exchange invalid = exchange(camel, json("{\"integration_id\":\"" + INTEGRATION + "\",\"uid\":\"\"}"),
                    SIGNED_BY);
            Exchange unnamed = exchange(camel, json("[]"), Set.of("00000000000000000009"));

            reader.read(valid);
            reader.read(invalid);
            reader.read(unnamed);

            assertThat(valid.getProperty(IntakeExchange.ENVELOPE, Envelope.class).uid()).isEqualTo("APP-1");
            assertThat(valid.getProperty(IntakeExchange.INVALID_REASON)).isNull();
            assertThat(invalid.getProperty(IntakeExchange.ENVELOPE)).isNull();
            assertThat(invalid.getProperty(IntakeExchange.INVALID_REASON, String.class))
                    .startsWith("Missing or invalid field: uid");
            assertThat(invalid.getProperty(IntakeExchange.QUARANTINE_INTEGRATION)).isEqualTo(INTEGRATION);
            assertThat(unnamed.getProperty(IntakeExchange.INVALID_REASON)).isEqualTo("Body is not a JSON object");
            assertThat(unnamed.getProperty(IntakeExchange.QUARANTINE_INTEGRATION)).as("the signer's")
                    .isEqualTo("00000000000000000009");
        }
    }

    private static Exchange exchange(DefaultCamelContext camel, byte[] body, Set<String> signedBy) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(body);
        exchange.setProperty(IntakeExchange.SIGNED_BY, signedBy);
        return exchange;
    }

    private String reason(byte[] body) {
        try {
            reader.parse(body, SIGNED_BY);
        } catch (InvalidWebhook invalid) {
            return invalid.getMessage();
        }
        throw new AssertionError("accepted: " + new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] body(String uid, String type) {
        return json("{\"integration_id\":\"" + INTEGRATION + "\",\"uid\":\"" + uid + "\",\"event\":{\"type\":\""
                + type + "\",\"details\":{\"platform\":\"WEB\"}}}");
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
