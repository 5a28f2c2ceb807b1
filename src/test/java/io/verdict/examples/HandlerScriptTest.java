package io.verdict.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Test;

class HandlerScriptTest {

    record Answer(int statusCode, HttpHeaders headers, byte[] body) implements HttpResponse<byte[]> {
        static Answer of(int status, String type, String body) {
            return new Answer(
                    status,
                    HttpHeaders.of(Map.of("Content-Type", List.of(type), "Location", List.of("/next")), (a, b) -> true),
                    body.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public HttpRequest request() {
            return HttpRequest.newBuilder(URI.create("http://localhost/")).build();
        }

        @Override
        public Optional<HttpResponse<byte[]>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return Optional.empty();
        }

        @Override
        public URI uri() {
            return URI.create("http://localhost/");
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }

    static HandlerScript.Run run(String script, Answer answer) {
        return HandlerScript.run(script, "sample.http", 7, answer, new HashMap<>());
    }

    @Test
    void aJsonBodyIsParsedAndAnyOtherIsAString() {
        String script = """
                client.test("json", function () { client.assert(response.body.items[0] === 1, "not parsed"); });
                client.test("types", function () {
                    client.assert(response.contentType.mimeType === "application/problem+json", response.contentType.mimeType);
                    client.assert(response.contentType.charset === "UTF-8", response.contentType.charset);
                });
                """;
        assertThat(run(script, Answer.of(200, "application/problem+json", "{\"items\": [1]}"))
                        .tests())
                .containsExactly(new HandlerScript.Outcome("json", null), new HandlerScript.Outcome("types", null));
        assertThat(run(
                                "client.test(\"text\", function () { client.assert(typeof response.body === \"string\"); });",
                                Answer.of(200, "application/x-ndjson", "{}\n{}\n"))
                        .tests())
                .containsExactly(new HandlerScript.Outcome("text", null));
    }

    @Test
    void aFailedAssertFailsItsTestWithItsMessageAndTheOthersStillRun() {
        String script = """
                client.test("fails", function () { client.assert(response.status === 200, "status " + response.status); });
                client.test("throws", function () { response.body.missing.field; });
                client.test("passes", function () { client.assert(response.headers.valueOf("location") === "/next"); });
                """;
        var run = run(script, Answer.of(404, "application/json", "{}"));
        assertThat(run.error()).isNull();
        assertThat(run.tests()).extracting(HandlerScript.Outcome::name).containsExactly("fails", "throws", "passes");
        assertThat(run.tests().get(0).failure()).isEqualTo("status 404");
        assertThat(run.tests().get(1).failure()).contains("TypeError");
        assertThat(run.tests().get(2).failure()).isNull();
    }

    @Test
    void anErrorOutsideATestAndASyntaxErrorAreReportedWithTheirOrigin() {
        assertThat(run("\nconst body = JSON.parse(\"{\");", Answer.of(200, "text/plain", ""))
                        .error())
                .contains("at sample.http:8");
        assertThat(run("\nfor (const name of [1]) {}", Answer.of(200, "text/plain", ""))
                        .error())
                .startsWith("syntax error at sample.http:8: for (const name of [1]) {}")
                .contains("Rhino reads for (let x of ...)");
    }

    @Test
    void clientGlobalOutlivesTheScriptAndEachScriptHasItsOwnScope() {
        Map<String, String> globals = new HashMap<>();
        var answer = Answer.of(200, "application/json", "{\"id\": \"r-1\"}");
        assertThat(HandlerScript.run(
                                "const body = response.body; client.global.set(\"first\", body.id);",
                                "a",
                                1,
                                answer,
                                globals)
                        .error())
                .isNull();
        assertThat(globals).containsEntry("first", "r-1");
        var second = HandlerScript.run("""
                const body = response.body;
                client.test("read", function () { client.assert(client.global.get("first") === "r-1", "lost"); });
                """, "b", 1, answer, globals);
        assertThat(second.error()).isNull();
        assertThat(second.tests()).containsExactly(new HandlerScript.Outcome("read", null));
    }
}
