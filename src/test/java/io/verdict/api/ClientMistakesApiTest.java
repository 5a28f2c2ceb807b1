package io.verdict.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.security.ApiKeys;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The mistakes a client makes, each answered by a started service as a problem that says what to send instead,
 * never as a normal-looking answer. The cases are in {@code api/client-mistakes.tsv}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ClientMistakesApiTest {

    static final String KEY = "client-mistakes-secret";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path root = Files.createTempDirectory("verdict-mistakes");
        registry.add("verdict.rules.paths", () -> "rules");
        registry.add("verdict.rules.store", () -> root.resolve("store").toString());
        registry.add("verdict.rules.cache-dir", () -> "");
        registry.add("verdict.rules.reload-interval", () -> "0");
        registry.add("verdict.state.dir", () -> "");
        registry.add("verdict.security.keys[0].id", () -> "ci");
        registry.add("verdict.security.keys[0].sha256", () -> ApiKeys.sha256Hex(KEY));
    }

    record Mistake(
            String name,
            String method,
            String path,
            String contentType,
            String accept,
            String body,
            int status,
            String type,
            String detail) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> mistakes() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("src/test/resources/api/client-mistakes.tsv"));
        return lines.stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.split("\t", -1))
                .map(f -> new Mistake(
                        f[0], f[1], f[2], f[3], f[4], f[5].replace("\\n", "\n"), Integer.parseInt(f[6]), f[7], f[8]))
                .map(m -> Arguments.of(m.name(), m));
    }

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();
    final JsonMapper json = JsonMapper.builder().build();

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void eachMistakeIsAnsweredAsItsProblem(String name, Mistake mistake) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + mistake.path()))
                .header("X-API-Key", KEY)
                .method(
                        mistake.method(),
                        mistake.body().equals("-")
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(mistake.body()));
        if (!mistake.contentType().equals("-")) {
            request.header("Content-Type", mistake.contentType());
        }
        if (!mistake.accept().equals("-")) {
            request.header("Accept", mistake.accept());
        }
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        String body = new String(response.body(), StandardCharsets.UTF_8);
        assertThat(response.statusCode()).as(body).isEqualTo(mistake.status());
        // no answer, a problem or a line error, names the parser, its classes or settings
        assertThat(body)
                .doesNotContain("Exception", "tools.jackson", "org.springframework", "StreamReadFeature", "REDACTED");
        if (mistake.type().equals("-")) {
            return;
        }
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        assertThat(contentType).as(body).startsWith("application/problem+json");
        // JSON is UTF-8 by definition (RFC 8259): no charset parameter, as the security layer's problems, or UTF-8
        assertThat(contentType.toLowerCase(Locale.ROOT).replace(" ", ""))
                .as("charset")
                .matches("application/problem\\+json(;charset=utf-8)?");
        StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(response.body()));
        JsonNode problem = json.readTree(body);
        assertThat(problem.path("type").asString()).as(body).isEqualTo("urn:verdict:problem:" + mistake.type());
        assertThat(problem.path("status").asInt()).isEqualTo(mistake.status());
        if (!mistake.detail().equals("-")) {
            assertThat(problem.path("detail").asString()).as(body).contains(mistake.detail());
        }
        if (response.statusCode() == 405) {
            assertThat(response.headers().firstValue("Allow")).as("Allow").isPresent();
        }
    }
}
