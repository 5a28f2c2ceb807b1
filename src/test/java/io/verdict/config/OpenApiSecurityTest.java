package io.verdict.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.verdict.security.ApiKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With {@code verdict.security.protect-reads=false} reads and evaluations are open: the document puts the key
 * requirement (and 401/403) only on the operations that still need one, the writes, as the security rules decide.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenApiSecurityTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        Path root = Files.createTempDirectory("verdict-openapi-security");
        Files.createDirectories(root.resolve("rules"));
        registry.add("verdict.rules.paths", () -> root.resolve("rules").toString());
        registry.add("verdict.rules.store", () -> root.resolve("store").toString());
        registry.add("verdict.data-dir", () -> root.resolve("data").toString());
        registry.add("verdict.rules.reload-interval", () -> "0");
        registry.add("verdict.security.protect-reads", () -> "false");
        registry.add("verdict.security.keys[0].id", () -> "writer");
        registry.add("verdict.security.keys[0].sha256", () -> ApiKeys.sha256Hex("writer-secret"));
    }

    @LocalServerPort
    int port;

    @Test
    void openReadsHaveNoSecurityWhileWritesNeedAKeyWithTheWriteScope() throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v3/api-docs"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        JsonNode document = new ObjectMapper().readTree(answer.body());
        JsonNode paths = document.path("paths");
        assertThat(document.has("security"))
                .as("no requirement for the whole API")
                .isFalse();

        JsonNode list = paths.path("/api/v1/rules").path("get");
        assertThat(list.has("security")).isFalse();
        assertThat(list.path("responses").has("401")).isFalse();
        assertThat(list.path("responses").has("403")).isFalse();
        assertThat(paths.path("/api/v1/evaluate").path("post").has("security")).isFalse();

        JsonNode upload = paths.path("/api/v1/rules").path("post");
        assertThat(upload.path("security").toString()).isEqualTo("[{\"apiKey\":[]}]");
        assertThat(upload.path("x-verdict-scope").asText()).isEqualTo("write");
        assertThat(upload.path("description").asText()).contains("Needs a key with the write scope.");
        assertThat(upload.path("responses").has("401")).isTrue();
        assertThat(upload.path("responses").has("403")).isTrue();
        assertThat(paths.path("/api/v1/state/_learn").path("post").has("security"))
                .isTrue();
    }
}
