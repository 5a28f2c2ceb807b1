package io.verdict.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.verdict.config.openapi.RequestExamples;
import io.verdict.security.ApiKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every request-body example of {@code /v3/api-docs} works: posted to its operation (path variables from the
 * document's own examples) on a started service with a scratch rule store, none is answered with a 4xx or 5xx.
 * Uploads go first, each removed again so the next finds no conflict; then the example rule is uploaded for the
 * operations on it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenApiExamplesTest {

    static final String KEY = "examples-secret";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        Path root = Files.createTempDirectory("verdict-openapi-examples");
        Files.createDirectories(root.resolve("rules"));
        registry.add("verdict.rules.paths", () -> root.resolve("rules").toString());
        registry.add("verdict.rules.store", () -> root.resolve("store").toString());
        registry.add("verdict.data-dir", () -> root.resolve("data").toString());
        registry.add("verdict.rules.reload-interval", () -> "0");
        registry.add("verdict.security.keys[0].id", () -> "examples");
        registry.add("verdict.security.keys[0].sha256", () -> ApiKeys.sha256Hex(KEY));
    }

    /** An example of the document: where it goes and what it sends. */
    record Call(String method, String template, String mediaType, String name, String body) {
        boolean upload() {
            return method.equals("POST") && template.equals("/api/v1/rules");
        }
    }

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    @Test
    void everyRequestExampleInTheDocumentIsTakenByItsOperation() throws Exception {
        JsonNode document =
                json.readTree(send("GET", "/v3/api-docs", null, null).body());
        List<Call> calls = examples(document);
        assertThat(calls).as("examples in the document").hasSizeGreaterThan(20);
        List<String> refused = new ArrayList<>();
        for (Call call : calls.stream().filter(Call::upload).toList()) {
            HttpResponse<String> answer = post(document, call, refused);
            if (answer.statusCode() < 300) {
                for (JsonNode rule : json.readTree(answer.body()).path("rules")) {
                    HttpResponse<String> removed = send(
                            "DELETE", "/api/v1/rules/" + rule.path("rule_id").asText(), null, null);
                    assertThat(removed.statusCode()).as(removed.body()).isEqualTo(200);
                }
            }
        }
        assertThat(refused).as("uploads").isEmpty();
        HttpResponse<String> setUp =
                send("POST", "/api/v1/rules", "application/toml", RequestExamples.text("rule.toml"));
        assertThat(setUp.statusCode()).as(setUp.body()).isEqualTo(201);
        // an item is added before it is replaced
        for (Call call : calls.stream()
                .filter(c -> !c.upload())
                .sorted(Comparator.comparing(c -> !c.method().equals("POST")))
                .toList()) {
            post(document, call, refused);
        }
        assertThat(refused).isEmpty();
    }

    private HttpResponse<String> post(JsonNode document, Call call, List<String> refused) throws Exception {
        String path = call.template();
        for (JsonNode parameter : document.path("paths")
                .path(call.template())
                .path(call.method().toLowerCase())
                .path("parameters")) {
            if (parameter.path("in").asText().equals("path")) {
                path = path.replace(
                        "{" + parameter.path("name").asText() + "}",
                        parameter.path("example").asText());
            }
        }
        HttpResponse<String> answer = send(call.method(), path, call.mediaType(), call.body());
        if (answer.statusCode() >= 400) {
            refused.add(call.method() + " " + path + " " + call.mediaType() + " '" + call.name() + "': "
                    + answer.statusCode() + " " + answer.body());
        }
        return answer;
    }

    private List<Call> examples(JsonNode document) {
        List<Call> calls = new ArrayList<>();
        document.path("paths")
                .properties()
                .forEach(path -> path.getValue()
                        .properties()
                        .forEach(method -> method.getValue()
                                .path("requestBody")
                                .path("content")
                                .properties()
                                .forEach(media -> {
                                    media.getValue()
                                            .path("examples")
                                            .properties()
                                            .forEach(example -> calls.add(new Call(
                                                    method.getKey().toUpperCase(),
                                                    path.getKey(),
                                                    media.getKey(),
                                                    example.getKey(),
                                                    text(example.getValue().path("value")))));
                                    if (media.getValue().has("example")) {
                                        calls.add(new Call(
                                                method.getKey().toUpperCase(),
                                                path.getKey(),
                                                media.getKey(),
                                                "example",
                                                text(media.getValue().path("example"))));
                                    }
                                })));
        return calls;
    }

    private String text(JsonNode value) {
        return value.isTextual() ? value.asText() : value.toString();
    }

    HttpResponse<String> send(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("X-API-Key", KEY)
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
