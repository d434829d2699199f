package beginibridge.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The request checks against real HTTP requests, on a bare Vert.x server of their own: the answer carries the
 * status a refusal gives, or the signature the guard found.
 */
class RequestGuardTest {

    static Vertx vertx;
    static HttpServer server;
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startServer() throws Exception {
        vertx = Vertx.vertx();
        RequestGuard guard = new RequestGuard();
        server = vertx.createHttpServer().requestHandler(request -> {
            try {
                request.response().end("signature=" + guard.check(request));
            } catch (WebhookRejection refused) {
                request.response().setStatusCode(refused.getStatus()).end(refused.getMessage());
            }
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stopServer() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void should_refuse_any_method_but_post() throws Exception {
        HttpResponse<String> answer = send(request("").GET().header("Content-Type", "application/json"));

        assertThat(answer.statusCode()).isEqualTo(405);
        assertThat(answer.body()).isEqualTo("Method Not Allowed: use POST");
        assertThat(send(request("").method("PUT", HttpRequest.BodyPublishers.ofString("{}"))
                .header("Content-Type", "application/json")).statusCode()).isEqualTo(405);
    }

    @Test
    void should_take_json_in_any_case_with_parameters_and_nothing_else() throws Exception {
        assertThat(post("application/json").body()).isEqualTo("signature=null");
        assertThat(post(" Application/JSON ; charset=utf-8").statusCode()).isEqualTo(200);
        assertThat(send(request("").POST(HttpRequest.BodyPublishers.ofString("{}"))
                .header("Content-Type", "application/json").header("Content-Type", "APPLICATION/JSON"))
                .statusCode()).as("copies that agree").isEqualTo(200);
        for (String refused : new String[] {"text/plain", "application/jsonp", "application/json-seq", ";",
            "application/x-www-form-urlencoded; type=application/json"}) {
            HttpResponse<String> answer = post(refused);
            assertThat(answer.statusCode()).as(refused).isEqualTo(415);
            assertThat(answer.body()).isEqualTo("Unsupported Media Type: use application/json");
        }
        assertThat(send(request("").POST(HttpRequest.BodyPublishers.ofString("{}"))).statusCode()).as("none")
                .isEqualTo(415);
        assertThat(send(request("").POST(HttpRequest.BodyPublishers.ofString("{}"))
                .header("Content-Type", "application/json").header("Content-Type", "text/plain"))
                .statusCode()).as("copies that disagree").isEqualTo(415);
    }

    @Test
    void should_find_the_signature_in_either_header_unless_copies_disagree() throws Exception {
        assertThat(post("application/json", "X-Signature", "abc").body()).isEqualTo("signature=abc");
        assertThat(post("application/json", "X-Begini-Signature", "def").body()).isEqualTo("signature=def");
        assertThat(post("application/json", "X-Signature", "abc", "X-Begini-Signature", " ABC ").body())
                .as("the same signature twice").isEqualTo("signature=abc");
        assertThat(post("application/json", "X-Signature", "abc", "X-Signature", "abd").body())
                .isEqualTo("signature=null");
        assertThat(post("application/json", "X-Signature", "abc", "X-Begini-Signature", "abd").body())
                .isEqualTo("signature=null");
    }

    @Test
    void should_never_read_a_signature_or_content_type_from_the_query() throws Exception {
        HttpResponse<String> answer = send(request("?X-Signature=abc&Content-Type=application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json"));

        assertThat(answer.body()).isEqualTo("signature=null");
        assertThat(send(request("?Content-Type=application/json").POST(HttpRequest.BodyPublishers.ofString("{}")))
                .statusCode()).isEqualTo(415);
    }

    private static HttpResponse<String> post(String contentType, String... headers) throws Exception {
        HttpRequest.Builder request = request("").POST(HttpRequest.BodyPublishers.ofString("{}"))
                .header("Content-Type", contentType);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    private static HttpRequest.Builder request(String query) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + "/webhook" + query))
                .timeout(Duration.ofSeconds(10));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
