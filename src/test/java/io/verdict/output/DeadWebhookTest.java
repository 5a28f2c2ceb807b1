package io.verdict.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.verdict.rule.RuleFixtures;
import io.verdict.security.ApiKeys;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Webhooks that never take an alert cost no evaluation: a closed port, a receiver that always answers 500 and one
 * that refuses with 400. Every request is answered in full while their queues fill; the alerts that do not fit are
 * dropped and counted, failed POSTs are retried (not a 400) and counted.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DeadWebhookTest {

    static final String KEY = "dead-webhook-key";
    static final String RULE = "00000000-0000-4000-8000-0000000d0001";
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final WebhookReceiver FAILING = receiver(500);
    static final WebhookReceiver REFUSING = receiver(400);

    static WebhookReceiver receiver(int status) {
        try {
            return new WebhookReceiver(status, Map.of());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path root = Files.createTempDirectory("verdict-dead-webhooks");
        Files.createDirectories(root.resolve("rules"));
        Files.writeString(
                root.resolve("rules/tool.toml"),
                RuleFixtures.toml(
                        RULE,
                        "Tool Run",
                        "high",
                        "type = \"query\"\nlanguage = \"kuery\"\nquery = 'process.name:tool.exe'\n"));
        registry.add("verdict.rules.paths", () -> root.resolve("rules").toString());
        registry.add("verdict.data-dir", () -> root.resolve("data").toString());
        registry.add("verdict.state.dir", () -> "");
        registry.add("verdict.rules.reload-interval", () -> "0");
        registry.add("verdict.security.keys[0].id", () -> "test");
        registry.add("verdict.security.keys[0].sha256", () -> ApiKeys.sha256Hex(KEY));
        int closed = closedPort();
        registry.add("verdict.alerts.webhooks[0].url", () -> "http://127.0.0.1:" + closed + "/hook");
        registry.add("verdict.alerts.webhooks[0].mode", () -> "single");
        registry.add("verdict.alerts.webhooks[0].queue-size", () -> "5");
        registry.add("verdict.alerts.webhooks[0].max-attempts", () -> "2");
        registry.add("verdict.alerts.webhooks[0].backoff", () -> "20ms");
        registry.add("verdict.alerts.webhooks[1].url", () -> FAILING.url("/hook"));
        registry.add("verdict.alerts.webhooks[1].batch-size", () -> "2");
        registry.add("verdict.alerts.webhooks[1].linger", () -> "10ms");
        registry.add("verdict.alerts.webhooks[1].queue-size", () -> "5");
        registry.add("verdict.alerts.webhooks[1].max-attempts", () -> "3");
        registry.add("verdict.alerts.webhooks[1].backoff", () -> "20ms");
        registry.add("verdict.alerts.webhooks[2].url", () -> REFUSING.url("/hook"));
        registry.add("verdict.alerts.webhooks[2].mode", () -> "single");
        registry.add("verdict.alerts.webhooks[2].queue-size", () -> "5");
    }

    @AfterAll
    static void stop() {
        FAILING.close();
        REFUSING.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    final HttpClient http = HttpClient.newHttpClient();

    static String event(int i) {
        return "{\"@timestamp\": \"2026-12-07T10:00:00Z\", \"process\": {\"name\": \"tool.exe\", \"pid\": " + i + "}}";
    }

    @Test
    void deadReceiversLoseNoEvaluationAndTheirDropsAndRetriesAreCounted() throws Exception {
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            batch.append(event(i)).append('\n');
        }
        for (int round = 0; round < 3; round++) {
            HttpResponse<String> answer = post("/api/v1/evaluate/_batch", "application/x-ndjson", batch.toString());
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(answer.body()).path("alerts").asInt()).isEqualTo(40);
        }
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> answer = post("/api/v1/evaluate", "application/json", event(1000 + i));
            assertThat(JSON.readTree(answer.body()).path("matched").asBoolean())
                    .as(answer.body())
                    .isTrue();
        }
        // 130 alerts released, each offered to queues of 5 alerts: most are dropped at once, nothing waited
        for (String webhook : new String[] {"0", "1", "2"}) {
            assertThat(count("verdict.alerts.webhook.dropped", webhook))
                    .as("dropped by webhook " + webhook)
                    .isGreaterThan(0);
        }
        assertThat(meters.get("verdict.alerts.released").counter().count()).isEqualTo(130);
        await(() -> count("verdict.alerts.webhook.failed", "0") > 0
                && count("verdict.alerts.webhook.failed", "1") > 0
                && count("verdict.alerts.webhook.failed", "2") > 0);
        assertThat(count("verdict.alerts.webhook.retries", "0"))
                .as("a closed port is tried again")
                .isGreaterThan(0);
        assertThat(count("verdict.alerts.webhook.retries", "1"))
                .as("a 500 is tried again")
                .isGreaterThan(0);
        assertThat(FAILING.requests.get()).isGreaterThanOrEqualTo(3);
        assertThat(count("verdict.alerts.webhook.retries", "2"))
                .as("a 400 is not tried again")
                .isZero();
        assertThat(count("verdict.alerts.webhook.delivered", "1")).isZero();
        for (String webhook : new String[] {"0", "1", "2"}) {
            assertThat(count("verdict.alerts.webhook.dropped", webhook)
                            + count("verdict.alerts.webhook.failed", webhook)
                            + meters.get("verdict.alerts.webhook.queue")
                                    .tag("webhook", webhook)
                                    .gauge()
                                    .value())
                    .as("every alert is delivered, failed, dropped or queued")
                    .isLessThanOrEqualTo(130)
                    .isGreaterThan(120);
        }

        String prometheus = get("/actuator/prometheus");
        assertThat(prometheus)
                .contains("verdict_alerts_webhook_dropped_total{webhook=\"0\"}")
                .contains("verdict_alerts_webhook_retries_total{webhook=\"1\"}");
        JsonNode outputs = JSON.readTree(get("/api/v1/alerts/_outputs"));
        assertThat(outputs.path("webhooks").path(1).path("last_error").asString())
                .isEqualTo("HTTP 500");
        assertThat(outputs.path("webhooks").path(0).path("last_error").asString())
                .startsWith("could not connect");
        assertThat(outputs.path("webhooks").path(0).path("url").asString()).endsWith("/hook");
        assertThat(outputs.path("feed").path("size").asInt()).isEqualTo(130);
    }

    private double count(String metric, String webhook) {
        return meters.get(metric).tag("webhook", webhook).counter().count();
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 400 && !condition.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
        assertThat(condition.getAsBoolean()).as("reached within 20 s").isTrue();
    }

    private HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("X-API-Key", KEY)
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String get(String path) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                                .header("X-API-Key", KEY)
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
