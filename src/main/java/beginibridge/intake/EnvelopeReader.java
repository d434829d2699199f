package beginibridge.intake;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import beginibridge.event.Envelope;
import beginibridge.event.IntakeExchange;
import beginibridge.settings.Durations;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.apache.camel.Exchange;

/**
 * Reads the envelope of a body already proven genuine. Parsing is bounded (nesting depth, string, number and name
 * lengths, duplicate keys refused) so a hostile body costs little. Only the envelope is checked: unknown fields and
 * unfamiliar values anywhere are kept, as Begini adds fields without notice. The one exception is the event's own
 * times: Begini signs no timestamp, so a documented time further ahead than {@code begini.max-future-skew} is the only
 * sign of a body made up rather than sent, and it is quarantined.
 */
public final class EnvelopeReader {

    /** Longest uid, integration id or event type accepted. */
    public static final int MAX_ID_LENGTH = 128;

    /** The times of {@code event.details} that Begini documents; unknown fields may mean anything, even a deadline. */
    private static final Set<String> EVENT_TIMES = Set.of("application_started_at", "application_completed_at",
            "application_expired_at", "application_cancelled_at", "last_response_submitted_at", "scored_at");

    private final long maxBodyBytes;
    private final Duration maxFutureSkew;
    private final Clock clock;
    private volatile ObjectMapper mapper;

    public EnvelopeReader(long maxBodyBytes, String maxFutureSkew) {
        this(maxBodyBytes, Durations.parse(maxFutureSkew, "begini.max-future-skew"), Clock.systemUTC());
    }

    EnvelopeReader(long maxBodyBytes, Duration maxFutureSkew, Clock clock) {
        if (maxFutureSkew.isNegative()) {
            throw new IllegalArgumentException("begini.max-future-skew must not be negative");
        }
        this.maxFutureSkew = maxFutureSkew;
        this.clock = clock;
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * The bounded parser, made on the first body rather than at start: Jackson's first mapper costs a few hundred
     * milliseconds that a start need not pay before it is ready.
     */
    private ObjectMapper mapper() {
        ObjectMapper made = mapper;
        if (made == null) {
            synchronized (this) {
                made = mapper;
                if (made == null) {
                    made = boundedMapper(maxBodyBytes);
                    mapper = made;
                }
            }
        }
        return made;
    }

    private static ObjectMapper boundedMapper(long maxBodyBytes) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(64)
                        .maxNumberLength(100)
                        .maxStringLength(256 * 1024)
                        .maxNameLength(1024)
                        // the HTTP server enforces the cap; this keeps the parser bounded if it is fed otherwise
                        .maxDocumentLength(maxBodyBytes)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        return JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    /**
     * Route step: puts the {@link Envelope} in the exchange, or the reason it is invalid together with the integration
     * the quarantined body is filed under. A body that names an integration whose key did not sign it is refused
     * with 403: a key of integration A must not vouch for a body claiming integration B.
     */
    public void read(Exchange exchange) {
        byte[] body = exchange.getMessage().getBody(byte[].class);
        @SuppressWarnings("unchecked")
        Set<String> signedBy = exchange.getProperty(IntakeExchange.SIGNED_BY, Set.class);
        try {
            Envelope envelope = parse(body, signedBy);
            exchange.setProperty(IntakeExchange.ENVELOPE, envelope);
        } catch (InvalidWebhook invalid) {
            exchange.setProperty(IntakeExchange.INVALID_REASON, invalid.getMessage());
            exchange.setProperty(IntakeExchange.QUARANTINE_INTEGRATION,
                    invalid.claimedIntegration() != null ? invalid.claimedIntegration() : signedBy.iterator().next());
        }
    }

    /** The envelope of a body signed by {@code signedBy}; throws {@link InvalidWebhook} or a 403 rejection. */
    public Envelope parse(byte[] body, Set<String> signedBy) {
        JsonNode root = readTree(body);
        if (!root.isObject()) {
            throw new InvalidWebhook("Body is not a JSON object");
        }
        JsonNode integration = root.get("integration_id");
        if (integration != null && integration.isTextual() && !signedBy.contains(integration.textValue())) {
            throw WebhookRejection.forbidden();
        }
        String integrationId = id(integration, "integration_id");
        try {
            String uid = id(root.get("uid"), "uid");
            JsonNode event = root.get("event");
            if (event == null || !event.isObject()) {
                throw new InvalidWebhook("Missing or invalid field: event (an object is required)");
            }
            String type = id(event.get("type"), "event.type");
            JsonNode details = event.get("details");
            if (details == null || !details.isObject()) {
                throw new InvalidWebhook("Missing or invalid field: event.details (an object is required)");
            }
            checkTimesNotAhead(details);
            return new Envelope(integrationId, uid, type);
        } catch (InvalidWebhook invalid) {
            throw invalid.claimedBy(integrationId);
        }
    }

    /**
     * Only whole numbers are compared, however large or written (as {@code 1.8E9} too): a time that is not one is
     * left for the delivery to ignore, as before this check. A time far in the past is a late redelivery, and fine.
     */
    private void checkTimesNotAhead(JsonNode details) {
        double latest = clock.instant().plus(maxFutureSkew).getEpochSecond();
        for (Map.Entry<String, JsonNode> field : details.properties()) {
            JsonNode time = field.getValue();
            boolean wholeNumber = time.isIntegralNumber()
                    || time.isFloatingPointNumber() && time.doubleValue() == Math.rint(time.doubleValue());
            if (EVENT_TIMES.contains(field.getKey()) && wholeNumber && time.doubleValue() > latest) {
                throw new InvalidWebhook("Event time too far in the future: event.details." + field.getKey());
            }
        }
    }

    private JsonNode readTree(byte[] body) {
        if (body.length == 0) {
            throw new InvalidWebhook("Body is empty");
        }
        try {
            JsonNode root = mapper().readTree(utf8(body));
            if (root == null || root.isMissingNode()) {
                throw new InvalidWebhook("Body is empty");
            }
            return root;
        } catch (StreamConstraintsException tooBig) {
            throw new InvalidWebhook("Body exceeds the JSON limits (nesting depth or value length)");
        } catch (IOException malformed) {
            if (malformed instanceof JsonParseException && malformed.getMessage() != null
                    && malformed.getMessage().startsWith("Duplicate ")) {
                throw new InvalidWebhook("Body is not valid JSON: duplicate field");
            }
            throw new InvalidWebhook("Body is not valid JSON");
        }
    }

    /**
     * The body as text. JSON between systems is UTF-8 (RFC 8259); given the bytes, Jackson would guess UTF-16 or UTF-32
     * from zero bytes or a byte order mark, and decode overlong and surrogate sequences, so it could read other text
     * than any other reader of the stored bytes would. A leading byte order mark is skipped, as RFC 8259 allows.
     */
    private static String utf8(byte[] body) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body)).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException notUtf8) {
            throw new InvalidWebhook("Body is not valid JSON: not UTF-8");
        }
    }

    /**
     * A non-empty string of at most {@link #MAX_ID_LENGTH} visible characters: no blank, control or format
     * (zero-width, bidirectional) character, and no half of a surrogate pair, which UTF-8 cannot encode (PostgreSQL
     * would store it as '?', so two different ids would become one).
     */
    private static String id(JsonNode node, String field) {
        if (node == null || !node.isTextual() || !isVisible(node.textValue())) {
            throw new InvalidWebhook("Missing or invalid field: " + field + " (1-" + MAX_ID_LENGTH
                    + " visible characters are required)");
        }
        return node.textValue();
    }

    static boolean isVisible(String value) {
        return !value.isEmpty() && value.length() <= MAX_ID_LENGTH
                && value.codePoints().allMatch(EnvelopeReader::isVisible);
    }

    private static boolean isVisible(int codePoint) {
        int type = Character.getType(codePoint);
        return type != Character.CONTROL && type != Character.FORMAT && type != Character.SURROGATE
                && !Character.isWhitespace(codePoint) && !Character.isSpaceChar(codePoint);
    }
}
