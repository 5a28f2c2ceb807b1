package io.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Every real ECS document of the shared corpus, posted as one NDJSON batch to a service holding the whole Elastic
 * rule corpus: no 5xx, no rule failure, and every rule accounted for (evaluated, or skipped by reason).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CorpusBatchTest {

    @DynamicPropertySource
    static void rulePaths(DynamicPropertyRegistry registry) {
        registry.add(
                "verdict.rules.paths",
                () -> Path.of(System.getProperty("verdict.shared", "../shared"), "corpus", "detection-rules")
                        .toString());
    }

    @LocalServerPort
    int port;

    @Test
    void allRealDocumentsAsOneBatch() throws IOException, InterruptedException {
        Path events = Shared.require("corpus/ecs-events");
        Shared.require("corpus/detection-rules");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        List<Path> files;
        try (Stream<Path> list = Files.list(events)) {
            files = list.filter(f -> f.toString().endsWith(".ndjson")).sorted().toList();
        }
        for (Path file : files) {
            body.write(Files.readAllBytes(file));
        }
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/evaluate/_batch"))
                                .header("Content-Type", "application/x-ndjson")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode batch = new ObjectMapper().readTree(response.body());
        assertThat(batch.path("items").asInt()).isEqualTo(884);
        assertThat(batch.path("events").asInt()).isEqualTo(884);
        assertThat(batch.path("errors")).isEmpty();
        int skipped = batch.path("skipped_rules")
                .valueStream()
                .mapToInt(JsonNode::asInt)
                .sum();
        assertThat(batch.path("evaluating_rules").asInt() + skipped).isEqualTo(2068);
        assertThat(batch.path("evaluating_rules").asInt()).isEqualTo(1269 + 27 + 241 + 198 + 3 + 44 + 158 + 6);
        System.out.printf(
                "corpus batch: %d events, %d matched, %d alerts, %d rule-event pairs not routed, skipped %s%n",
                batch.path("events").asInt(),
                batch.path("matched_events").asInt(),
                batch.path("alerts").asInt(),
                batch.path("not_routed").asLong(),
                batch.path("skipped_rules"));
    }
}
