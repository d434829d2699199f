package beginibridge.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import beginibridge.db.MigratedDataSource;
import beginibridge.db.PayloadCipher;
import beginibridge.db.PayloadHash;
import beginibridge.event.Envelope;
import beginibridge.event.IntakeExchange;
import beginibridge.intake.EnvelopeReader;
import beginibridge.intake.Inbox;
import beginibridge.intake.InvalidWebhook;
import beginibridge.intake.SignatureVerifier;
import beginibridge.intake.WebhookRejection;
import beginibridge.support.Inboxes;
import beginibridge.support.Signatures;
import beginibridge.support.TestDatabase;
import beginibridge.support.TestKeys;
import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes the intake with arbitrary bodies: the signature check, the envelope reader and the inbox write (on H2),
 * chained as {@code engine/intake.camel.yaml} chains them. The request checks before them are left out: they look at
 * the method and content type, never at the body. Each input is sent correctly signed, signed with the key of
 * another integration, and mis-signed in several ways; the answers are checked against rules written out here
 * independently of the product code. Seeds: the sample webhooks ({@code src/test/resources/events}, copied by the
 * build) and past findings ({@code IntakeFuzzTestInputs/intake}). How to run it: {@code docs/fuzzing.md}.
 */
class IntakeFuzzTest {

    /** The integration of the sample webhooks, and one other. */
    static final String INTEGRATION = "00000000000000000001";
    static final String OTHER_INTEGRATION = "00000000000000000002";

    static final String KEY = TestKeys.random();
    static final String ROTATED_KEY = TestKeys.random();
    static final String OTHER_KEY = TestKeys.random();
    static final String KEY_OF_NOBODY = TestKeys.random();

    /** The times Begini documents in event.details, epoch seconds; unknown fields are not times the rules know. */
    static final List<String> EVENT_TIMES = List.of("application_started_at", "application_completed_at",
            "application_expired_at", "application_cancelled_at", "last_response_submitted_at", "scored_at");

    /** begini.max-future-skew as the intake under test is given it. */
    static final Duration MAX_FUTURE_SKEW = Duration.ofHours(1);

    /** The reasons a 400 may give: our fixed texts, which never carry a byte of the body. */
    static final Pattern SAFE_REASON = Pattern.compile("Body is empty|Body is not a JSON object|Body is not valid JSON"
            + "(: duplicate field|: not UTF-8)?|Body exceeds the JSON limits \\(nesting depth or value length\\)"
            + "|Missing or invalid field: (?<field>integration_id|uid|event\\.type) \\(1-128 visible characters are"
            + " required\\)|Missing or invalid field: (?<object>event|event\\.details) \\(an object is required\\)"
            + "|Event time too far in the future: event\\.details\\.(?<time>" + String.join("|", EVENT_TIMES) + ")");

    /** How the dispatcher reads a stored payload: a plain mapper, with none of the intake's strictness. */
    static final ObjectMapper DISPATCHER_JSON = new ObjectMapper();

    static TestDatabase database;
    static MigratedDataSource dataSource;
    static CamelContext camel;
    static SignatureVerifier verifier;
    static EnvelopeReader reader;
    static Inbox inbox;
    static long inputs;
    static long accepted;
    static long quarantined;
    static long started;

    /** What the intake answered one webhook. */
    record Answer(int status, String detail, Envelope envelope, String eventId, String outcome,
            String quarantinedUnder) {
    }

    @BeforeAll
    static void startIntake() throws SQLException {
        database = TestDatabase.h2();
        dataSource = new MigratedDataSource(database.url(), database.user(), database.password(), 2, 5000);
        dataSource.migrate();
        camel = new DefaultCamelContext();
        verifier = new SignatureVerifier(INTEGRATION + "=" + KEY + "," + OTHER_INTEGRATION + "=" + OTHER_KEY + ","
                + INTEGRATION + "=" + ROTATED_KEY, "HmacSHA512");
        reader = new EnvelopeReader(1_048_576, MAX_FUTURE_SKEW.toMinutes() + "m");
        inbox = new Inbox(dataSource, new PayloadCipher(""), "5s", new PayloadHash(""));
        started = System.nanoTime();
    }

    @AfterAll
    static void stopIntake() throws Exception {
        long seconds = Math.max(1, (System.nanoTime() - started) / 1_000_000_000L);
        System.out.printf("IntakeFuzzTest: %d inputs in %d s (%d/s), %d accepted, %d quarantined%n", inputs, seconds,
                inputs / seconds, accepted, quarantined);
        dataSource.close();
        camel.close();
        database.close();
    }

    @DictionaryFile(resourcePath = "intake.dict")
    @FuzzTest(maxDuration = "30s")
    void intake(byte[] body) throws Exception {
        inputs++;
        emptyInbox();
        String signature = Signatures.sign(body, KEY);

        checkSigned(body, signature, INTEGRATION);
        checkSigned(body, Signatures.sign(body, OTHER_KEY), OTHER_INTEGRATION);
        assertThat(verifier.signersOf(body, Signatures.sign(body, ROTATED_KEY))).containsExactly(INTEGRATION);
        assertThat(verifier.signersOf(body, "\t" + signature.toUpperCase(Locale.ROOT) + " "))
                .as("hex in any case, blanks around it").containsExactly(INTEGRATION);

        for (String wrong : misSigned(body, signature)) {
            Answer answer = intake(body, wrong);
            assertThat(answer.status()).as("answer to signature %s", wrong).isEqualTo(403);
            assertThat(answer.detail()).isEqualTo("Validation Failure");
        }
        assertThat(inboxSize()).as("rows left in the inbox").isZero();
    }

    /** Signatures that must all be refused: none, malformed, of other bytes, of another key or algorithm. */
    private static List<String> misSigned(byte[] body, String signature) {
        int position = body.length % signature.length();
        char digit = signature.charAt(position);
        String oneDigitOff = signature.substring(0, position) + (digit == '0' ? '1' : '0')
                + signature.substring(position + 1);
        byte[] longer = Arrays.copyOf(body, body.length + 1);
        longer[body.length] = '\n';
        List<String> wrong = new ArrayList<>();
        wrong.add(null);
        wrong.add("");
        wrong.add(oneDigitOff);
        wrong.add(signature.substring(2));
        wrong.add(signature + "00");
        wrong.add("sha512=" + signature);
        wrong.add(Signatures.sign(longer, KEY));
        wrong.add(Signatures.sign(body, KEY_OF_NOBODY));
        wrong.add(Signatures.sign(body, KEY, "HmacSHA256"));
        return wrong;
    }

    /** A correctly signed body is stored (and found again on redelivery), quarantined with a safe reason, or 403. */
    private static void checkSigned(byte[] body, String signature, String signer) throws Exception {
        Answer answer = intake(body, signature);
        if (answer.status() != 400 || !answer.detail().matches("Body (is empty|is not valid JSON|exceeds).*")) {
            assertThat(isUtf8(body)).as("a body read as JSON is UTF-8 (README: invalid UTF-8 is refused)").isTrue();
        }
        switch (answer.status()) {
            case 200 -> checkStored(body, signature, signer, answer);
            case 400 -> checkQuarantined(body, signer, answer);
            case 403 -> {
                JsonNode claimed = DISPATCHER_JSON.readTree(body).get("integration_id");
                assertThat(claimed != null && claimed.isTextual() && !claimed.textValue().equals(signer))
                        .as("403 for a body signed by %s claiming %s", signer, claimed).isTrue();
            }
            default -> fail("Unexpected answer " + answer);
        }
    }

    private static void checkStored(byte[] body, String signature, String signer, Answer answer) throws Exception {
        accepted++;
        Envelope envelope = answer.envelope();
        assertThat(envelope.integrationId()).as("integration vouched for by the key").isEqualTo(signer);
        assertThat(isDocumentedId(envelope.uid())).as("uid %s", envelope.uid()).isTrue();
        assertThat(isDocumentedId(envelope.integrationId())).as("integration_id").isTrue();
        assertThat(isDocumentedId(envelope.eventType())).as("event.type %s", envelope.eventType()).isTrue();
        assertThat(answer.outcome()).isEqualTo("accepted");

        Map<?, ?> asDispatched = DISPATCHER_JSON.readValue(body, Map.class);
        Map<?, ?> event = (Map<?, ?>) asDispatched.get("event");
        assertThat(asDispatched.get("integration_id")).isEqualTo(envelope.integrationId());
        assertThat(asDispatched.get("uid")).isEqualTo(envelope.uid());
        assertThat(event.get("type")).isEqualTo(envelope.eventType());
        assertThat(event.get("details")).isInstanceOf(Map.class);
        assertThat(timeAheadOf(DISPATCHER_JSON.readTree(body), Instant.now().plus(MAX_FUTURE_SKEW)))
                .as("a stored event's documented times are at most begini.max-future-skew ahead").isNull();

        Inboxes.Row row = storedRow(body);
        assertThat(row.id().toString()).isEqualTo(answer.eventId());
        assertThat(row.integrationId()).isEqualTo(envelope.integrationId());
        assertThat(row.uid()).isEqualTo(envelope.uid());
        assertThat(row.eventType()).isEqualTo(envelope.eventType());
        assertThat(row.status()).isEqualTo("received");
        assertThat(row.reason()).isNull();

        Answer again = intake(body, signature);
        assertThat(again.outcome()).as("redelivery").isEqualTo("duplicate");
        assertThat(again.eventId()).isEqualTo(answer.eventId());
        delete(row);
    }

    private static void checkQuarantined(byte[] body, String signer, Answer answer) throws Exception {
        quarantined++;
        String reason = answer.detail();
        Matcher safe = SAFE_REASON.matcher(reason);
        assertThat(safe.matches()).as("400 reason %s", reason).isTrue();
        assertThat(answer.quarantinedUnder()).isEqualTo(signer);
        assertThat(DISPATCHER_JSON.readTree(new InvalidWebhook(reason).getJson()).get("detail").textValue())
                .isEqualTo(reason);
        String field = safe.group("field") != null ? safe.group("field") : safe.group("object");
        if (field != null) {
            assertThat(firstInvalidField(DISPATCHER_JSON.readTree(body))).as("the field the rules refuse")
                    .isEqualTo(field);
        }
        if (safe.group("time") != null) {
            // the intake read its clock before this test did: a minute's grace for the time between
            Instant earliestLimit = Instant.now().plus(MAX_FUTURE_SKEW).minusSeconds(60);
            assertThat(firstInvalidField(DISPATCHER_JSON.readTree(body))).as("a valid envelope").isNull();
            assertThat(timeAheadOf(DISPATCHER_JSON.readTree(body), earliestLimit)).as("the time the rules refuse")
                    .isEqualTo(safe.group("time"));
        }

        Inboxes.Row row = storedRow(body);
        assertThat(row.integrationId()).isEqualTo(signer);
        assertThat(row.uid()).isNull();
        assertThat(row.eventType()).isNull();
        assertThat(row.status()).isEqualTo("quarantined");
        assertThat(row.reason()).isEqualTo(reason);
        delete(row);
    }

    /** The gate's signature check, then the steps of engine/intake.camel.yaml, as they are called. */
    private static Answer intake(byte[] body, String signature) throws SQLException {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(body);
        try {
            java.util.Set<String> signers = verifier.signersOf(body, signature);
            if (signers.isEmpty()) {
                throw WebhookRejection.forbidden();
            }
            exchange.setProperty(IntakeExchange.SIGNED_BY, signers);
            reader.read(exchange);
            String reason = exchange.getProperty(IntakeExchange.INVALID_REASON, String.class);
            if (reason != null) {
                inbox.quarantine(exchange);
                WebhookRejection invalid = new InvalidWebhook(reason);
                return new Answer(invalid.getStatus(), invalid.getMessage(), null, null, null,
                        exchange.getProperty(IntakeExchange.QUARANTINE_INTEGRATION, String.class));
            }
            inbox.store(exchange);
            return new Answer(200, null, exchange.getProperty(IntakeExchange.ENVELOPE, Envelope.class),
                    exchange.getProperty(IntakeExchange.EVENT_ID, String.class),
                    exchange.getProperty(IntakeExchange.OUTCOME, String.class), null);
        } catch (WebhookRejection rejection) {
            return new Answer(rejection.getStatus(), rejection.getMessage(), null, null, null, null);
        }
    }

    /**
     * The envelope rule of the README, written out on its own: an id is 1-128 characters, each visible: no control,
     * format (zero-width, bidirectional) or blank character, and no half of a surrogate pair, which no database
     * column in UTF-8 can hold.
     */
    static boolean isDocumentedId(String value) {
        return !value.isEmpty() && value.length() <= EnvelopeReader.MAX_ID_LENGTH
                && value.codePoints().allMatch(c -> !Character.isWhitespace(c) && !Character.isSpaceChar(c)
                        && Character.getType(c) != Character.CONTROL && Character.getType(c) != Character.FORMAT
                        && Character.getType(c) != Character.SURROGATE);
    }

    /** The first envelope field the rules refuse, in the order the reader checks them; null when none. */
    static String firstInvalidField(JsonNode root) {
        JsonNode event = root.get("event");
        if (!isId(root.get("integration_id"))) {
            return "integration_id";
        } else if (!isId(root.get("uid"))) {
            return "uid";
        } else if (event == null || !event.isObject()) {
            return "event";
        } else if (!isId(event.get("type"))) {
            return "event.type";
        } else if (event.get("details") == null || !event.get("details").isObject()) {
            return "event.details";
        }
        return null;
    }

    /**
     * The first documented time in event.details, in the body's order, later than {@code limit}: a whole number of
     * seconds, however written; null when none is. Other values are no times the rules can compare, and pass.
     */
    static String timeAheadOf(JsonNode root, Instant limit) {
        for (Map.Entry<String, JsonNode> field : root.path("event").path("details").properties()) {
            double time = field.getValue().isNumber() ? field.getValue().doubleValue() : Double.NaN;
            if (EVENT_TIMES.contains(field.getKey()) && Math.floor(time) == time && time > limit.getEpochSecond()) {
                return field.getKey();
            }
        }
        return null;
    }

    private static boolean isId(JsonNode node) {
        return node != null && node.isTextual() && isDocumentedId(node.textValue());
    }

    private static boolean isUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body));
            return true;
        } catch (CharacterCodingException notUtf8) {
            return false;
        }
    }

    private static Inboxes.Row storedRow(byte[] body) throws Exception {
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        List<Inboxes.Row> rows = Inboxes.withSha256(dataSource, sha256);
        assertThat(rows).as("rows with the SHA-256 of the exact bytes").hasSize(1);
        assertThat(rows.get(0).payload()).isEqualTo(body);
        return rows.get(0);
    }

    /** Keeps the inbox empty, so a long run stays small and every input starts from the same state. */
    private static void delete(Inboxes.Row row) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement("DELETE FROM begini_event WHERE id = ?")) {
            delete.setObject(1, row.id());
            assertThat(delete.executeUpdate()).isOne();
        }
    }

    /** A failed input may leave rows behind; the next one, replayed in the same run, starts without them. */
    private static void emptyInbox() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement("DELETE FROM begini_event")) {
            delete.executeUpdate();
        }
    }

    private static int inboxSize() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement count = connection.prepareStatement("SELECT COUNT(*) FROM begini_event");
                ResultSet rows = count.executeQuery()) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
