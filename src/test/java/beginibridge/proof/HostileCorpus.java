package beginibridge.proof;

import static beginibridge.proof.Hostile.Place.APPLICATION;
import static beginibridge.proof.Hostile.Place.CRM;
import static beginibridge.proof.Hostile.Place.EVENT;
import static beginibridge.proof.Hostile.Place.MAIL;
import static beginibridge.proof.Hostile.Place.SCORE;
import static beginibridge.proof.Hostile.Place.TRAIT;
import static beginibridge.proof.Hostile.Place.TRAIT_COUNT;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import beginibridge.cli.SampleWebhooks;
import beginibridge.support.Signatures;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The hostile inputs, each with the answer the README documents (200 accepted, 400 with a
 * short reason, 403, 405, 413, 415). Every uid and every hostile string carries {@code marker}, so the log check
 * can tell that none of them was logged, and the landing checks that each reached its destination intact.
 * <p>
 * Every accepted case's uid has an internal record, so that its CRM delivery is made and its mail goes to the loan
 * officer. Accepted on purpose: a signed, well-formed envelope whose strings are odd but allowed (ids: 1-128 visible
 * characters; every other value: any string) is Begini's to send, and must be stored and delivered unchanged, the
 * one documented exception being U+0000 and halves of surrogate pairs in result text, stored as U+FFFD
 * (EventFields).
 */
final class HostileCorpus {

    /** begini.max-body-bytes, left at its default. */
    static final int MAX_BODY_BYTES = 1024 * 1024;
    /**
     * An integration whose configured id itself holds metacharacters: those begini.api-keys can carry (quotes, {{ and
     * ${ there stop the bridge from starting, as Camel reads the setting as placeholders and bean arguments; a ';'
     * does too, refused as the mistaken separator of two entries).
     */
    static final String ODD_INTEGRATION = "INT-<script>#{7*7}%\\--&";

    static final String SQL = "'; DROP TABLE begini_event; --";
    static final String TEMPLATE = "{{applicant.crm_id}}{{{json.applicant}}}${exchangeProperty.uid}${sys:user.home}"
            + "#{7*7}{{=<% %>=}}";
    static final String MARKUP = "<script>alert('x')</script>&lt;";
    static final String QUOTES = "\"'`\\\\\\\"\\n\\u0041";
    static final String HEADER_AFTER_CRLF = "\r\nBcc: victim@evil.test\r\nX-Injected: yes\r\n\r\nforged body";
    static final String SMTP_AFTER_DOT = "\r\n.\r\nMAIL FROM:<x@evil.test>\r\nRCPT TO:<victim@evil.test>\r\nDATA\r\n"
            + "Subject: smuggled\r\n\r\nsmuggled\n.\nQUIT\r\n";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String marker;
    private final String apiKey;
    private final String oddIntegrationKey;
    private final Instant at = Instant.parse("2026-11-02T10:00:00Z");
    private int serial;

    HostileCorpus(String marker, String apiKey, String oddIntegrationKey) {
        this.marker = marker;
        this.apiKey = apiKey;
        this.oddIntegrationKey = oddIntegrationKey;
    }

    List<Hostile> cases() {
        List<Hostile> cases = new ArrayList<>();
        sizeAndDepth(cases);
        notUtf8(cases);
        duplicateKeys(cases);
        wrongTypes(cases);
        nulBytes(cases);
        longIds(cases);
        metacharactersInIds(cases);
        metacharactersInResults(cases);
        docsMistakes(cases);
        contentTypesAndMethods(cases);
        signatures(cases);
        return cases;
    }

    private void sizeAndDepth(List<Hostile> cases) {
        cases.add(refused("one byte over begini.max-body-bytes", 413,
                padded(bytes(sample("application.complete", uid())), MAX_BODY_BYTES + 1)));
        cases.add(refused("over the cap, chunked without a length", 413,
                padded(bytes(sample("application.complete", uid())), MAX_BODY_BYTES + 1)).chunked());
        ObjectNode atCap = sample("application.complete", uid());
        cases.add(accepted("exactly at the cap, whitespace after the object", atCap,
                padded(bytes(atCap), MAX_BODY_BYTES)));

        ObjectNode traits = sample("psychometric_score.complete", uid());
        ArrayNode many = calculated(traits).putArray("traits");
        for (int i = 0; i < 10_000; i++) {
            many.addObject().put("key", marker + "-t" + i).put("value", i).put("risk_band", "B");
        }
        cases.add(accepted("10,000 traits", traits).lands(TRAIT_COUNT, null, "10000")
                .lands(CRM, "/calculated/traits/9999/key", marker + "-t9999"));

        ObjectNode reasons = sample("application.incomplete", uid());
        ArrayNode manyReasons = ((ObjectNode) reasons.get("event")).putArray("reasons");
        for (int i = 0; i < 10_000; i++) {
            manyReasons.add(marker + "-r" + i);
        }
        cases.add(accepted("10,000 reasons", reasons).lands(CRM, "/reasons/9999", marker + "-r9999")
                .lands(MAIL, null, "- " + marker + "-r9999"));

        ObjectNode nested = sample("application.complete", uid());
        cases.add(accepted("nested 60 deep inside details", nested, spliced(nested, "[".repeat(60) + "]".repeat(60))));
        cases.add(refused("nested 10,000 deep", 400, spliced(sample("application.complete", uid()),
                "[".repeat(10_000) + "]".repeat(10_000))).detail("Body exceeds the JSON limits"));
    }

    private void notUtf8(List<Hostile> cases) {
        for (String[] bytes : List.of(new String[] {"a lone continuation byte", "80"},
                new String[] {"an overlong '/' (C0 AF)", "c0af"},
                new String[] {"a UTF-16 surrogate encoded as UTF-8 (ED A0 80)", "eda080"},
                new String[] {"a code point beyond U+10FFFF", "f4908080"},
                new String[] {"a sequence cut short", "e282"},
                new String[] {"byte FF", "ff"})) {
            cases.add(refused("not UTF-8: " + bytes[0], 400, withRawBytes(HexFormat.of().parseHex(bytes[1])))
                    .detail("Body is not valid JSON"));
        }
        cases.add(refused("not UTF-8: the envelope in UTF-16", 400,
                text(bytes(sample("application.complete", uid()))).getBytes(StandardCharsets.UTF_16BE))
                .detail("Body is not valid JSON"));
        ObjectNode bom = sample("application.complete", uid());
        cases.add(accepted("a UTF-8 byte order mark before the object (RFC 8259 lets it be ignored)", bom,
                concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, bytes(bom))));
    }

    private void duplicateKeys(List<Hostile> cases) {
        String uid = uid();
        cases.add(refused("uid twice", 400, text("{\"uid\":\"" + uid + "\",\"uid\":\"" + uid + "x\","
                + "\"integration_id\":\"" + ProofRig.INTEGRATION + "\",\"event\":{\"type\":\"application.complete\","
                + "\"details\":{}}}")).detail("Body is not valid JSON: duplicate field"));
        cases.add(refused("a key twice deep inside details", 400, spliced(sample("application.complete", uid()),
                "{\"a\":{\"b\":1,\"b\":2}}")).detail("Body is not valid JSON: duplicate field"));
        ObjectNode caseOnly = sample("application.complete", uid());
        caseOnly.put("UID", marker + "-other");
        cases.add(accepted("uid and UID, keys differing only in case", caseOnly));
    }

    private void wrongTypes(List<Hostile> cases) {
        cases.add(refused("uid as a number", 400, bytes(sample("application.complete", uid()).put("uid", 12345)))
                .detail("Missing or invalid field: uid"));
        cases.add(refused("integration_id as a number", 400,
                bytes(sample("application.complete", uid()).put("integration_id", 1)))
                .detail("Missing or invalid field: integration_id"));
        ObjectNode typeNumber = sample("application.complete", uid());
        ((ObjectNode) typeNumber.get("event")).put("type", 7);
        cases.add(refused("event.type as a number", 400, bytes(typeNumber))
                .detail("Missing or invalid field: event.type"));
        ObjectNode detailsText = sample("application.complete", uid());
        ((ObjectNode) detailsText.get("event")).put("details", "{}");
        cases.add(refused("event.details as a string", 400, bytes(detailsText))
                .detail("Missing or invalid field: event.details"));

        ObjectNode scoreText = sample("psychometric_score.complete", uid());
        calculated(scoreText).put("score", "412");
        details(scoreText).put("scored_at", "1795000000");
        cases.add(accepted("score and scored_at as strings", scoreText).lands(SCORE, "score", null)
                .lands(CRM, "/score", "412"));
        ObjectNode percentNumber = sample("application.incomplete", uid());
        details(percentNumber).put("percentage_completed", 0.25);
        ((ObjectNode) percentNumber.get("event")).put("reasons", marker + " Missing data");
        cases.add(accepted("percentage_completed as a number, reasons as a string", percentNumber)
                .lands(APPLICATION, "percentage_completed", "0.25").lands(APPLICATION, "reasons", null)
                .lands(CRM, "/percentage_completed", "0.25").lands(CRM, "/reasons", marker + " Missing data"));
        ObjectNode bandNumber = sample("psychometric_score.complete", uid());
        calculated(bandNumber).put("risk_band", 3);
        cases.add(accepted("risk_band as a number", bandNumber).lands(APPLICATION, "psychometric_risk_band", "3")
                .lands(CRM, "/risk_band", "3"));
        ObjectNode farTime = sample("application.expired", uid());
        cases.add(refused("a time of 99 digits, beyond a long and begini.max-future-skew", 400,
                spliced(farTime, details(farTime), "application_expired_at", "9".repeat(99)))
                .detail("Event time too far in the future: event.details.application_expired_at"));
        ObjectNode pastTime = sample("application.expired", uid());
        cases.add(accepted("a time of 99 digits before 1970", pastTime,
                spliced(pastTime, details(pastTime), "application_expired_at", "-" + "9".repeat(99)))
                .lands(APPLICATION, "journey_status_at", null));
        cases.add(refused("a number of 101 digits", 400, spliced(sample("application.expired", uid()),
                "9".repeat(101))).detail("Body exceeds the JSON limits"));
        ObjectNode beyondDouble = sample("psychometric_score.complete", uid());
        cases.add(accepted("a score of 1e400, beyond a double", beyondDouble,
                spliced(beyondDouble, calculated(beyondDouble), "score", "1e400")).lands(SCORE, "score", null));
        for (String notANumber : List.of("NaN", "Infinity", "-Infinity")) {
            cases.add(refused(notANumber + " as a number", 400, spliced(sample("application.expired", uid()),
                    notANumber)).detail("Body is not valid JSON"));
        }
    }

    private void nulBytes(List<Hostile> cases) {
        cases.add(refused("a raw NUL byte inside a string", 400, withRawBytes(new byte[] {0}))
                .detail("Body is not valid JSON"));
        byte[] between = bytes(sample("application.complete", uid()));
        cases.add(refused("a raw NUL byte between tokens", 400, concat(Arrays.copyOf(between, 1), new byte[] {0},
                Arrays.copyOfRange(between, 1, between.length))).detail("Body is not valid JSON"));
        cases.add(refused("\\u0000 in the uid", 400, bytes(sample("application.complete", uid() + "\u0000x")))
                .detail("Missing or invalid field: uid"));
        ObjectNode typeNul = sample("application.complete", uid());
        ((ObjectNode) typeNul.get("event")).put("type", "application.complete\u0000");
        cases.add(refused("\\u0000 in event.type", 400, bytes(typeNul)).detail("Missing or invalid field: event.type"));

        String percent = marker + "a\u0000b";
        ObjectNode percentNul = sample("application.expired", uid());
        details(percentNul).put("percentage_completed", percent);
        cases.add(accepted("\\u0000 in percentage_completed", percentNul)
                .lands(APPLICATION, "percentage_completed", asStoredText(percent))
                .lands(CRM, "/percentage_completed", percent).lands(MAIL, null, percent));
        String band = marker + "\u0000B";
        String key = marker + "key\u0000";
        ObjectNode scoreNul = sample("psychometric_score.complete", uid());
        calculated(scoreNul).put("risk_band", band);
        ((ObjectNode) calculated(scoreNul).get("traits").get(0)).put("key", key);
        cases.add(accepted("\\u0000 in risk_band and in a trait key", scoreNul)
                .lands(APPLICATION, "psychometric_risk_band", asStoredText(band))
                .lands(TRAIT, "trait_key", asStoredText(key)).lands(CRM, "/risk_band", band)
                .lands(CRM, "/calculated/traits/0/key", key));
    }

    private void longIds(List<Hostile> cases) {
        String longest = uid();
        longest = longest + "L".repeat(128 - longest.length());
        cases.add(accepted("a uid of 128 characters", sample("application.complete", longest))
                .lands(EVENT, "uid", longest));
        String tooLong = uid();
        cases.add(refused("a uid of 129 characters", 400,
                bytes(sample("application.complete", tooLong + "L".repeat(129 - tooLong.length()))))
                .detail("Missing or invalid field: uid"));
        cases.add(refused("a uid of 200,000 characters", 400,
                bytes(sample("application.complete", uid() + "L".repeat(200_000))))
                .detail("Missing or invalid field: uid"));
        ObjectNode longType = sample("application.complete", uid());
        ((ObjectNode) longType.get("event")).put("type", "t".repeat(129));
        cases.add(refused("an event.type of 129 characters", 400, bytes(longType))
                .detail("Missing or invalid field: event.type"));
        cases.add(refused("an integration_id of 10,000 characters", 403,
                bytes(sample("application.complete", uid()).put("integration_id", "1".repeat(10_000)))));
    }

    private void metacharactersInIds(List<Hostile> cases) {
        for (String[] uid : List.of(new String[] {"SQL", "';DROP/**/TABLE/**/begini_event;--"},
                new String[] {"template syntax", "{{applicant.crm_id}}${exchangeProperty.uid}#{7*7}{{=<%%>=}}"},
                new String[] {"markup", "<script>alert(1)</script>"},
                new String[] {"quotes and backslashes", "\"'`\\\\\\\"\\u0041"},
                new String[] {"camel-sql parameter syntax", ":#uid:#${integrationId}?%s%n"},
                new String[] {"non-ASCII letters and an emoji", "\u00fc\u00df\u4e2d\ud83d\ude00"})) {
            String hostileUid = uid() + uid[1];
            cases.add(accepted("a uid with " + uid[0], sample("application.expired", hostileUid))
                    .lands(EVENT, "uid", hostileUid).lands(APPLICATION, "uid", hostileUid)
                    .lands(CRM, "/crm_id", crmIdOf(hostileUid)));
        }
        cases.add(refused("a uid with SQL and spaces", 400, bytes(sample("application.complete", uid() + SQL)))
                .detail("Missing or invalid field: uid"));
        cases.add(refused("a uid with CR/LF", 400, bytes(sample("application.complete", uid() + "\r\nX: y")))
                .detail("Missing or invalid field: uid"));
        cases.add(refused("a uid with a tab", 400, bytes(sample("application.complete", uid() + "\tx")))
                .detail("Missing or invalid field: uid"));
        cases.add(refused("a uid with half a surrogate pair", 400,
                bytes(sample("application.complete", uid() + "\ud800")))
                .detail("Missing or invalid field: uid"));

        String oddType = "x.{{y}}${header.z}#{7*7}<script>';--\\\"";
        ObjectNode unknown = sample("application.complete", uid());
        ((ObjectNode) unknown.get("event")).put("type", oddType);
        cases.add(accepted("an unknown event.type with template, SQL and markup characters", unknown)
                .lands(EVENT, "event_type", oddType).lands(EVENT, "status", "unrouted"));
        ObjectNode nearlyKnown = sample("application.expired", uid());
        ((ObjectNode) nearlyKnown.get("event")).put("type", "application.expired'--");
        cases.add(accepted("a known event.type with a quote appended", nearlyKnown)
                .lands(EVENT, "status", "unrouted"));
        ObjectNode upperCase = sample("application.expired", uid());
        ((ObjectNode) upperCase.get("event")).put("type", "APPLICATION.EXPIRED");
        cases.add(accepted("a known event.type in upper case", upperCase).lands(EVENT, "status", "unrouted"));
        ObjectNode typeCrlf = sample("application.expired", uid());
        ((ObjectNode) typeCrlf.get("event")).put("type", "application.expired\r\nX: y");
        cases.add(refused("an event.type with CR/LF", 400, bytes(typeCrlf))
                .detail("Missing or invalid field: event.type"));

        String oddUid = uid();
        byte[] odd = bytes(sample("application.expired", oddUid).put("integration_id", ODD_INTEGRATION));
        cases.add(new Hostile("an integration_id with metacharacters, configured with its own key",
                new Webhook(odd, Signatures.sign(odd, oddIntegrationKey), "application.expired", oddUid, 200),
                ODD_INTEGRATION).lands(EVENT, "integration_id", ODD_INTEGRATION)
                .lands(APPLICATION, "journey_status", "expired"));
        cases.add(refused("an integration_id with CR/LF", 403,
                bytes(sample("application.complete", uid()).put("integration_id", ProofRig.INTEGRATION + "\r\n"))));
    }

    private void metacharactersInResults(List<Hostile> cases) {
        String headerInjection = marker + SQL + HEADER_AFTER_CRLF;
        ObjectNode expired = sample("application.expired", uid());
        details(expired).put("percentage_completed", headerInjection);
        cases.add(accepted("percentage_completed with SQL and a mail header after CR/LF", expired)
                .lands(APPLICATION, "percentage_completed", headerInjection)
                .lands(CRM, "/percentage_completed", headerInjection).lands(MAIL, null, headerInjection));
        String template = marker + TEMPLATE + MARKUP;
        ObjectNode templated = sample("application.expired", uid());
        details(templated).put("percentage_completed", template);
        cases.add(accepted("percentage_completed with template syntax and markup", templated)
                .lands(APPLICATION, "percentage_completed", template)
                .lands(CRM, "/percentage_completed", template).lands(MAIL, null, template));
        String longPercent = marker + "0." + "3".repeat(300);
        ObjectNode incomplete = sample("application.incomplete", uid());
        details(incomplete).put("percentage_completed", longPercent);
        cases.add(accepted("percentage_completed of 300 digits", incomplete)
                .lands(APPLICATION, "percentage_completed", longPercent));

        String smuggled = marker + SMTP_AFTER_DOT;
        String markedUp = marker + TEMPLATE + MARKUP + QUOTES;
        String overLong = marker + "w".repeat(5000);
        ObjectNode cancelled = sample("application.cancelled", uid());
        ((ObjectNode) cancelled.get("event")).putArray("reasons").add(smuggled).add(markedUp).add(overLong);
        cases.add(accepted("reasons with SMTP commands after CR LF . CR LF, template syntax, quotes, and a line longer"
                + " than SMTP allows", cancelled)
                .landsAsJson(APPLICATION, "reasons", json(List.of(smuggled, markedUp, overLong)))
                .lands(CRM, "/reasons/0", smuggled).lands(CRM, "/reasons/1", markedUp)
                .lands(MAIL, null, "- " + smuggled).lands(MAIL, null, "- " + markedUp)
                .lands(MAIL, null, "- " + overLong));

        String band = marker + SQL + QUOTES + HEADER_AFTER_CRLF;
        ObjectNode banded = sample("psychometric_score.complete", uid());
        calculated(banded).put("risk_band", band);
        cases.add(accepted("risk_band with SQL, quotes, backslashes and CR/LF", banded)
                .lands(APPLICATION, "psychometric_risk_band", band).lands(SCORE, "risk_band", band)
                .lands(CRM, "/risk_band", band).lands(CRM, "/calculated/risk_band", band));
        String confidence = marker + "c".repeat(500);
        ObjectNode confident = sample("psychometric_score.complete", uid());
        calculated(confident).put("score_confidence", confidence);
        cases.add(accepted("score_confidence of 500 characters", confident)
                .lands(APPLICATION, "psychometric_score_confidence", confidence)
                .lands(SCORE, "score_confidence", confidence));
        String traitKey = marker + TEMPLATE + HEADER_AFTER_CRLF;
        String traitValue = marker + SQL;
        String traitBand = marker + MARKUP;
        ObjectNode traited = sample("psychometric_score.complete", uid());
        ((ObjectNode) calculated(traited).get("traits").get(0)).put("key", traitKey).put("value", traitValue)
                .put("risk_band", traitBand);
        cases.add(accepted("a trait key, value and band with template syntax, SQL and CR/LF", traited)
                .lands(TRAIT, "trait_key", traitKey).lands(TRAIT, "trait_value", traitValue)
                .lands(TRAIT, "risk_band", traitBand).lands(CRM, "/calculated/traits/0/key", traitKey));
        String platform = marker + MARKUP + SQL;
        ObjectNode android = sample("android_score.complete", uid());
        details(android).put("platform", platform);
        cases.add(accepted("a platform with markup and SQL", android)
                .lands(SCORE, "platform", platform).lands(CRM, "/platform", platform));
        String permission = marker + QUOTES;
        String flag = marker + HEADER_AFTER_CRLF;
        ObjectNode ios = sample("ios_score.complete", uid());
        details(ios).putArray("permissions_granted").add(permission);
        details(ios).putArray("flags").add(flag);
        cases.add(accepted("permissions and flags with quotes and CR/LF", ios)
                .landsAsJson(SCORE, "permissions_granted", json(List.of(permission)))
                .landsAsJson(SCORE, "flags", json(List.of(flag))));
        cases.add(accepted("an internal record whose name holds CR/LF and a mail header (subject kept on one line)",
                sample("application.expired", uid())).applicantNamed("Eve" + HEADER_AFTER_CRLF));
    }

    private void docsMistakes(List<Hostile> cases) {
        String complete = "{\"uid\":\"%s\",\"integration_id\":\"" + ProofRig.INTEGRATION + "\",\"event\":{\"type\":"
                + "\"application.complete\",\"details\":{\"application_started_at\":%s,"
                + "\"application_completed_at\":%s}}}";
        cases.add(refused("a trailing comma (docs example)", 400, text(String.format(complete, uid(), "1795000000",
                "1795001487,"))).detail("Body is not valid JSON"));
        cases.add(refused("a missing comma (docs example)", 400, text(String.format(complete, uid(),
                "1795000000 \"x\":1", "1795001487"))).detail("Body is not valid JSON"));
        cases.add(refused("a stray ] (docs example)", 400, text(String.format(complete, uid(), "1795000000",
                "1795001487]"))).detail("Body is not valid JSON"));
        cases.add(refused("# where an integer belongs (docs example)", 400, text(String.format(complete, uid(), "#",
                "1795001487"))).detail("Body is not valid JSON"));
        cases.add(refused("## where an integer belongs (docs example)", 400, text(String.format(complete, uid(),
                "1795000000", "##"))).detail("Body is not valid JSON"));
        cases.add(refused("the illustrative schema: assessment.completed, unique_id, float scores", 400,
                docsSample("illustrative-schema.json", "APP-2026-0011", uid()))
                .detail("Missing or invalid field: uid"));
        byte[] typedAsScore = docsSample("docs-mistake-complete-typed-as-score.json", "APP-2026-0008", uid());
        cases.add(accepted("the application.complete example typed psychometric_score.complete",
                parsed(typedAsScore), typedAsScore).lands(SCORE, "score", null));
        ObjectNode androidBand = sample("android_score.complete", uid());
        calculated(androidBand).put("risk_band", "C");
        cases.add(accepted("an Android event with a risk band", androidBand));
    }

    private void contentTypesAndMethods(List<Hostile> cases) {
        for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "application/vnd.api+json",
                "multipart/form-data; boundary=x")) {
            Hostile hostile = refused("Content-Type " + type, 415, bytes(sample("application.complete", uid())));
            cases.add(hostile.headers("Content-Type", type, "X-Signature", hostile.webhook.signature()));
        }
        Hostile noType = refused("no Content-Type", 415, bytes(sample("application.complete", uid())));
        cases.add(noType.headers("X-Signature", noType.webhook.signature()));
        Hostile twoTypes = refused("Content-Type text/plain and application/json", 415,
                bytes(sample("application.complete", uid())));
        cases.add(twoTypes.headers("Content-Type", "text/plain", "Content-Type", "application/json", "X-Signature",
                twoTypes.webhook.signature()));
        Hostile upper = accepted("Content-Type APPLICATION/JSON; charset=UTF-8",
                sample("application.complete", uid()));
        cases.add(upper.headers("Content-Type", "APPLICATION/JSON; charset=UTF-8", "X-Signature",
                upper.webhook.signature()));
        for (String method : List.of("GET", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE")) {
            cases.add(refused(method, 405, bytes(sample("application.complete", uid()))).method(method));
        }
    }

    private void signatures(List<Hostile> cases) {
        cases.add(signedAs("no signature", 403, body -> new String[0]));
        cases.add(signedAs("an empty signature", 403, body -> xSignature("")));
        cases.add(signedAs("a signature that is not hex", 403, body -> xSignature("z" + good(body).substring(1))));
        cases.add(signedAs("a signature cut to 64 hex digits", 403, body -> xSignature(good(body).substring(0, 64))));
        cases.add(signedAs("a signature one hex digit too long", 403, body -> xSignature(good(body) + "0")));
        cases.add(signedAs("a signature prefixed sha512=", 403, body -> xSignature("sha512=" + good(body))));
        cases.add(signedAs("the HMAC-SHA256 of the body", 403,
                body -> xSignature(Signatures.sign(body, apiKey, "HmacSHA256"))));
        cases.add(signedAs("the signature of another body", 403,
                body -> xSignature(good(bytes(sample("application.complete", uid()))))));
        cases.add(signedAs("the key of another integration", 403,
                body -> xSignature(Signatures.sign(body, oddIntegrationKey))));
        cases.add(signedAs("a key nobody configured", 403, body -> xSignature(bad(body))));
        cases.add(signedAs("two X-Signature headers, the good one first", 403,
                body -> new String[] {"X-Signature", good(body), "X-Signature", bad(body)}));
        cases.add(signedAs("X-Signature bad, X-Begini-Signature good", 403,
                body -> new String[] {"X-Signature", bad(body), "X-Begini-Signature", good(body)}));
        Hostile inQuery = signedAs("the signature only in the query string", 403, body -> new String[0]);
        cases.add(inQuery.query("X-Signature=" + good(inQuery.webhook.body())));
        cases.add(signedAs("the signature in upper case", 200,
                body -> xSignature(good(body).toUpperCase(Locale.ROOT))));
        cases.add(signedAs("the older header name X-Begini-Signature", 200,
                body -> new String[] {"X-Begini-Signature", good(body)}));
        cases.add(signedAs("the same signature under both header names", 200,
                body -> new String[] {"X-Signature", good(body), "X-Begini-Signature", good(body)}));
    }

    /** An application.complete event sent with JSON's Content-Type and these signature headers. */
    private Hostile signedAs(String name, int status, Function<byte[], String[]> signatureHeaders) {
        String uid = uid();
        byte[] body = bytes(sample("application.complete", uid));
        String[] signatures = signatureHeaders.apply(body);
        List<String> headers = new ArrayList<>(List.of("Content-Type", "application/json"));
        headers.addAll(List.of(signatures));
        String sent = signatures.length == 0 ? null : signatures[1];
        return new Hostile(name, new Webhook(body, sent, "application.complete", uid, status), ProofRig.INTEGRATION)
                .headers(headers.toArray(String[]::new));
    }

    private String good(byte[] body) {
        return Signatures.sign(body, apiKey);
    }

    private static String bad(byte[] body) {
        return Signatures.sign(body, "not-the-key");
    }

    private static String[] xSignature(String value) {
        return new String[] {"X-Signature", value};
    }

    private Hostile refused(String name, int status, byte[] body) {
        return new Hostile(name, new Webhook(body, Signatures.sign(body, apiKey), null, null, status),
                ProofRig.INTEGRATION);
    }

    private Hostile accepted(String name, ObjectNode root) {
        return accepted(name, root, bytes(root));
    }

    /** Accepted bytes of the event {@code root} (its type and uid), written differently from Jackson's own output. */
    private Hostile accepted(String name, ObjectNode root, byte[] body) {
        return new Hostile(name, new Webhook(body, Signatures.sign(body, apiKey),
                root.get("event").get("type").textValue(), root.get("uid").textValue(), 200), ProofRig.INTEGRATION);
    }

    /** A fresh uid of this run: unique, and carrying the marker. */
    private String uid() {
        return "APP-" + marker + "-h" + (++serial);
    }

    /** The crm_id of the internal record the suite creates for a matched uid (kept short for its column). */
    static String crmIdOf(String uid) {
        return "CRM-" + Integer.toHexString(uid.hashCode());
    }

    /** What a result column holds for this text: U+0000 as U+FFFD (EventFields). */
    static String asStoredText(String value) {
        return value.replace('\u0000', '\uFFFD');
    }

    private ObjectNode sample(String type, String uid) {
        try {
            return parsed(SampleWebhooks.body(type, uid, ProofRig.INTEGRATION, at.plusSeconds(++serial)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode parsed(byte[] body) {
        try {
            return (ObjectNode) JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode details(ObjectNode root) {
        return (ObjectNode) root.get("event").get("details");
    }

    private static ObjectNode calculated(ObjectNode root) {
        return (ObjectNode) details(root).get("calculated");
    }

    /** The event with {@code rawJson} as the value of details.extra, written as is (it may be malformed). */
    private static byte[] spliced(ObjectNode root, String rawJson) {
        return spliced(root, details(root), "extra", rawJson);
    }

    /** The event with {@code rawJson} as the value of {@code field} of {@code holder}, a node inside it. */
    private static byte[] spliced(ObjectNode root, ObjectNode holder, String field, String rawJson) {
        holder.put(field, "__SPLICE__");
        return text(text(bytes(root)).replace("\"__SPLICE__\"", rawJson));
    }

    /** A signed event whose details.name holds these bytes between its quotes. */
    private byte[] withRawBytes(byte[] inside) {
        ObjectNode root = sample("application.complete", uid());
        details(root).put("name", "__SPLICE__");
        String[] around = text(bytes(root)).split("__SPLICE__");
        return concat(text(around[0]), inside, text(around[1]));
    }

    private byte[] docsSample(String file, String docsUid, String uid) {
        try {
            return text(Files.readString(Path.of("src/test/resources/events", file)).replace(docsUid, uid));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] padded(byte[] body, int size) {
        byte[] padded = Arrays.copyOf(body, size);
        Arrays.fill(padded, body.length, size, (byte) ' ');
        return padded;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(ObjectNode root) {
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] text(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
