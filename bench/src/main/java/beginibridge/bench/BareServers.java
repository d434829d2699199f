package beginibridge.bench;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import beginibridge.db.EventIds;
import beginibridge.db.MigratedDataSource;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * E0 and B1, on the Vert.x the bridge runs on. E0 answers 200 with no work: the ceiling of the box. B1 does by hand,
 * with no framework, what the bridge's intake does: POST and JSON content type, raw-body HMAC-SHA512 under every
 * configured key (a Mac per thread, constant-time compare), a bounded Jackson parse of the UTF-8 text and the same
 * envelope rules, SHA-256 of the raw bytes and the same INSERT into {@code begini_event} through HikariCP on a
 * worker thread; a redelivery is answered 200 "duplicate" with the first id. The schema is the bridge's own: B1
 * runs its Flyway migrations from the bridge artifact at start.
 */
public final class BareServers {

    private static final String JSON_TYPE = "application/json";
    private static final String INSERT_COLUMNS = "(id, integration_id, uid, event_type, payload, payload_sha256,"
            + " received_at, status, status_reason, payload_key_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private BareServers() {
    }

    /** E0: 200 and a fixed small JSON body for any request, once the body has arrived. */
    static void e0(int port) {
        Vertx vertx = Vertx.vertx();
        Buffer answer = Buffer.buffer("{\"status\":\"ok\"}");
        vertx.createHttpServer()
                .requestHandler(request -> request.body().onComplete(body -> request.response()
                        .putHeader("Content-Type", JSON_TYPE).end(answer)))
                .listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        System.out.println("E0 listening on " + port);
    }

    /** B1: see the class comment. */
    static void b1(int port, String apiKeys, String dbUrl, String dbUser, String dbPassword, int poolSize)
            throws Exception {
        boolean postgres = dbUrl.startsWith("jdbc:postgresql:");
        // the bridge's migrations, from its artifact, then a plain HikariCP pool set up as the bridge sets its own
        try (MigratedDataSource migrator = new MigratedDataSource(dbUrl, dbUser, dbPassword, 2, 3000)) {
            migrator.migrate();
        }
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(dbUrl);
        pool.setUsername(dbUser);
        pool.setPassword(dbPassword);
        pool.setMaximumPoolSize(poolSize);
        pool.setConnectionTimeout(3000);
        pool.getConnection().close();
        Intake intake = new Intake(apiKeys, pool, postgres);

        Vertx vertx = Vertx.vertx();
        vertx.createHttpServer(new io.vertx.core.http.HttpServerOptions().setMaxFormAttributeSize(-1))
                .requestHandler(request -> {
                    if (request.method() != io.vertx.core.http.HttpMethod.POST) {
                        answer(request, 405, "{\"detail\":\"Method Not Allowed: use POST\"}");
                        return;
                    }
                    String type = request.getHeader("Content-Type");
                    if (type == null || !type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT).equals(JSON_TYPE)) {
                        answer(request, 415, "{\"detail\":\"Unsupported Media Type: use application/json\"}");
                        return;
                    }
                    String signature = request.getHeader("X-Signature");
                    request.body().onSuccess(buffer -> {
                        byte[] body = buffer.getBytes();
                        vertx.<String[]>executeBlocking(() -> intake.handle(body, signature), false)
                                .onComplete(done -> {
                                    if (done.succeeded()) {
                                        answer(request, Integer.parseInt(done.result()[0]), done.result()[1]);
                                    } else {
                                        answer(request, 503, "{\"detail\":\"Temporarily unavailable\"}");
                                    }
                                });
                    });
                })
                .listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        System.out.println("B1 listening on " + port + (postgres ? " (PostgreSQL)" : " (H2)"));
    }

    private static void answer(HttpServerRequest request, int status, String json) {
        request.response().setStatusCode(status).putHeader("Content-Type", JSON_TYPE).end(json);
    }

    /** The intake's work, by hand. Returns {status, json}. */
    static final class Intake {
        private final List<String> ids = new ArrayList<>();
        private final List<byte[]> keys = new ArrayList<>();
        private final ThreadLocal<Mac[]> macs;
        private final ObjectMapper mapper;
        private final HikariDataSource pool;
        private final String insert;

        Intake(String apiKeys, HikariDataSource pool, boolean postgres) {
            for (String pair : apiKeys.split(",")) {
                int eq = pair.indexOf('=');
                ids.add(pair.substring(0, eq).trim());
                keys.add(pair.substring(eq + 1).trim().getBytes(StandardCharsets.UTF_8));
            }
            this.macs = ThreadLocal.withInitial(() -> {
                Mac[] result = new Mac[keys.size()];
                for (int i = 0; i < result.length; i++) {
                    result[i] = Bodies.mac(keys.get(i));
                }
                return result;
            });
            JsonFactory factory = JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).maxNumberLength(100)
                            .maxStringLength(256 * 1024).maxNameLength(1024).maxDocumentLength(1_048_576).build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
            this.mapper = JsonMapper.builder(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
            this.pool = pool;
            this.insert = "INSERT INTO begini_event " + INSERT_COLUMNS
                    + (postgres ? " ON CONFLICT (payload_sha256) DO NOTHING" : "");
        }

        String[] handle(byte[] body, String signatureHex) throws SQLException {
            Set<String> signers = signers(body, signatureHex);
            if (signers.isEmpty()) {
                return new String[] {"403", "{\"detail\":\"Validation Failure\"}"};
            }
            String[] envelope;
            try {
                envelope = envelope(body, signers);
            } catch (java.io.IOException e) {
                return invalid(body, signers, "Body is not valid JSON");
            }
            if (envelope == null) {
                return new String[] {"403", "{\"detail\":\"Validation Failure\"}"};
            }
            if (envelope.length == 0) {
                return invalid(body, signers, "Missing or invalid field");
            }
            String integrationId = envelope[0];
            String uid = envelope[1];
            String type = envelope[2];
            String sha256 = sha256(body);
            UUID id = EventIds.next();
            try (Connection connection = pool.getConnection()) {
                try (PreparedStatement statement = connection.prepareStatement(insert)) {
                    bind(statement, id, integrationId, uid, type, body, sha256, "received", null);
                    if (statement.executeUpdate() == 1) {
                        return new String[] {"200", "{\"status\":\"accepted\",\"event_id\":\"" + id + "\"}"};
                    }
                } catch (SQLException e) {
                    if (!"23505".equals(e.getSQLState())) {
                        throw e;
                    }
                }
                try (PreparedStatement statement =
                        connection.prepareStatement("SELECT id FROM begini_event WHERE payload_sha256 = ?")) {
                    statement.setString(1, sha256);
                    try (ResultSet rows = statement.executeQuery()) {
                        rows.next();
                        return new String[] {"200",
                            "{\"status\":\"duplicate\",\"event_id\":\"" + rows.getObject(1, UUID.class) + "\"}"};
                    }
                }
            }
        }

        /**
         * {integration_id, uid, event.type} of a body signed by {@code signers}; null when the body names an
         * integration that did not sign it (403), an empty array when the envelope is invalid (400).
         */
        String[] envelope(byte[] body, Set<String> signers) throws java.io.IOException {
            JsonNode root = mapper.readTree(StandardCharsets.UTF_8.newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(body)).toString());
            if (root == null || !root.isObject()) {
                return new String[0];
            }
            JsonNode integration = root.get("integration_id");
            if (integration != null && integration.isTextual() && !signers.contains(integration.textValue())) {
                return null;
            }
            String integrationId = id(integration);
            String uid = id(root.get("uid"));
            JsonNode event = root.get("event");
            String type = event != null && event.isObject() ? id(event.get("type")) : null;
            JsonNode details = event == null ? null : event.get("details");
            if (integrationId == null || uid == null || type == null || details == null || !details.isObject()) {
                return new String[0];
            }
            return new String[] {integrationId, uid, type};
        }

        private String[] invalid(byte[] body, Set<String> signers, String reason) throws SQLException {
            try (Connection connection = pool.getConnection();
                    PreparedStatement statement = connection.prepareStatement(insert)) {
                bind(statement, EventIds.next(), signers.iterator().next(), null, null, body, sha256(body),
                        "quarantined", reason);
                statement.executeUpdate();
            } catch (SQLException e) {
                if (!"23505".equals(e.getSQLState())) {
                    throw e;
                }
            }
            return new String[] {"400", "{\"detail\":\"" + reason + "\"}"};
        }

        private static void bind(PreparedStatement statement, UUID id, String integrationId, String uid, String type,
                byte[] body, String sha256, String status, String reason) throws SQLException {
            statement.setObject(1, id);
            statement.setString(2, integrationId);
            statement.setString(3, uid);
            statement.setString(4, type);
            statement.setBytes(5, body);
            statement.setString(6, sha256);
            statement.setObject(7, OffsetDateTime.now(ZoneOffset.UTC));
            statement.setString(8, status);
            statement.setString(9, reason);
            statement.setString(10, null);
        }

        Set<String> signers(byte[] body, String signatureHex) {
            if (signatureHex == null || signatureHex.length() != 128) {
                return Set.of();
            }
            byte[] given;
            try {
                given = HexFormat.of().parseHex(signatureHex);
            } catch (IllegalArgumentException e) {
                return Set.of();
            }
            Mac[] perKey = macs.get();
            Set<String> signers = new LinkedHashSet<>(2);
            for (int i = 0; i < perKey.length; i++) {
                if (MessageDigest.isEqual(perKey[i].doFinal(body), given)) {
                    signers.add(ids.get(i));
                }
            }
            return signers;
        }

        /** 1-128 characters, none blank, control or format: the bridge's rule for ids. */
        private static String id(JsonNode node) {
            if (node == null || !node.isTextual()) {
                return null;
            }
            String value = node.textValue();
            if (value.isEmpty() || value.length() > 128) {
                return null;
            }
            for (int i = 0; i < value.length(); ) {
                int cp = value.codePointAt(i);
                int type = Character.getType(cp);
                if (type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                        || Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                    return null;
                }
                i += Character.charCount(cp);
            }
            return value;
        }

        static String sha256(byte[] body) {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
