package io.verdict.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.security.ApiKeys;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A SOAR playbook subscribed by webhook receives every alert Verdict releases: those of a mixed batch (a stateless
 * rule, a threshold, a new term), a sequence completed by a later request, and an ES|QL rule's tick released by
 * moving event time; each POST signed with the configured secret, checked here from the documented scheme. The
 * same alerts are in the feed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebhookDeliveryTest {

    static final String KEY = "webhook-test-key";
    static final String SECRET = "s3cret-shared-with-the-playbook";
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final WebhookReceiver RECEIVER = receiver();

    static final String RCLONE = "03af6f85-dce1-481e-9437-ac6e5796a2ca";
    static final String BRUTE_FORCE = "40d021c2-00a2-4419-9669-f5e34f17bc65";
    static final String FIRST_RDP = "8fb48789-f07c-4d19-ac9c-56ba7947e980";
    static final String SERVICE_SCAN = "2d6c1a8e-3b7f-4c55-8e2a-6a0f4b9d7c21";

    static WebhookReceiver receiver() {
        try {
            return new WebhookReceiver(200, Map.of());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path data = Files.createTempDirectory("verdict-webhooks");
        registry.add("verdict.rules.paths", () -> "rules");
        registry.add("verdict.data-dir", data::toString);
        registry.add("verdict.state.dir", () -> "");
        registry.add("verdict.rules.reload-interval", () -> "0");
        registry.add("verdict.rules.tests", () -> "off");
        registry.add("verdict.security.keys[0].id", () -> "playbook");
        registry.add("verdict.security.keys[0].sha256", () -> ApiKeys.sha256Hex(KEY));
        registry.add("verdict.alerts.webhooks[0].name", () -> "soar");
        registry.add("verdict.alerts.webhooks[0].url", () -> RECEIVER.url("/ndjson"));
        registry.add("verdict.alerts.webhooks[0].secret", () -> SECRET);
        registry.add("verdict.alerts.webhooks[0].linger", () -> "50ms");
        registry.add("verdict.alerts.webhooks[0].batch-size", () -> "7");
        registry.add("verdict.alerts.webhooks[0].headers[Authorization]", () -> "Bearer playbook-token");
        registry.add("verdict.alerts.webhooks[1].url", () -> RECEIVER.url("/single"));
        registry.add("verdict.alerts.webhooks[1].mode", () -> "single");
        registry.add("verdict.alerts.webhooks[1].format", () -> "kibana");
    }

    @AfterAll
    static void stop() {
        RECEIVER.close();
    }

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aReceiverGetsEveryAlertOfAMixedBatchALaterSequenceAndAnEsqlTickSigned() throws Exception {
        send("DELETE", "/api/v1/state", null, null);
        List<String> batch = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("http-examples/events/port-scan.ndjson"))) {
            if (!line.isBlank()) {
                batch.add(line);
            }
        }
        batch.add(at(rclone(), "2026-12-07T10:00:30Z"));
        for (int i = 0; i < 25; i++) {
            batch.add(at(failure(), "2026-12-07T10:00:%02dZ".formatted(10 + i)));
        }
        batch.add(at(rdp(), "2026-12-07T10:00:40Z"));
        batch.add(at(sequenceStart(), "2026-12-07T10:01:00Z"));
        JsonNode batchAnswer = JSON.readTree(
                send("POST", "/api/v1/evaluate/_batch", "application/x-ndjson", String.join("\n", batch) + "\n")
                        .body());
        Set<String> answered = new HashSet<>();
        Set<String> rules = new HashSet<>();
        batchAnswer
                .path("results")
                .forEach(r -> r.path("alerts").forEach(a -> {
                    answered.add(a.path("id").asString());
                    rules.add(a.path("rule").path("rule_id").asString());
                }));
        assertThat(rules).as(batchAnswer.toString()).contains(RCLONE, BRUTE_FORCE, FIRST_RDP);

        JsonNode completed = JSON.readTree(
                send("POST", "/api/v1/evaluate", "application/json", at(sequenceEnd(), "2026-12-07T10:01:30Z"))
                        .body());
        List<String> sequence = new ArrayList<>();
        completed.path("alerts").forEach(a -> sequence.add(a.path("id").asString()));
        assertThat(completed.path("alerts").findValues("join_keys"))
                .as(completed.toString())
                .isNotEmpty();
        answered.addAll(sequence);

        JsonNode ticks = JSON.readTree(send("POST", "/api/v1/state/_advance?to=2026-12-07T10:10:00Z", null, null)
                .body());
        List<String> esql = new ArrayList<>();
        ticks.path("alerts").forEach(a -> esql.add(a.path("id").asString()));
        assertThat(ticks.path("alerts").findValues("rule_id").stream().map(JsonNode::asString))
                .as(ticks.toString())
                .contains(SERVICE_SCAN);
        answered.addAll(esql);

        List<WebhookReceiver.Post> ndjson = awaitPosts("/ndjson", answered.size());
        Set<String> received = new HashSet<>();
        int lines = 0;
        for (WebhookReceiver.Post post : ndjson) {
            assertThat(post.contentType()).isEqualTo("application/x-ndjson");
            assertThat(post.signedWith(SECRET))
                    .as("signature of %s", post.text())
                    .isTrue();
            assertThat(post.signedWith("another secret")).isFalse();
            assertThat(post.lines()).hasSizeLessThanOrEqualTo(7);
            for (String line : post.lines()) {
                received.add(JSON.readTree(line).path("id").asString());
                lines++;
            }
        }
        assertThat(received).containsExactlyInAnyOrderElementsOf(answered);
        assertThat(lines).as("each alert once").isEqualTo(answered.size());

        List<WebhookReceiver.Post> single = awaitPosts("/single", answered.size());
        assertThat(single).hasSize(answered.size()).allSatisfy(post -> {
            assertThat(post.contentType()).isEqualTo("application/json");
            assertThat(post.signature()).as("no secret, no signature").isNull();
            assertThat(JSON.readTree(post.body())
                            .path("kibana.alert.rule.rule_id")
                            .asString())
                    .isNotEmpty();
        });

        JsonNode feed = JSON.readTree(
                send("GET", "/api/v1/alerts?after=0&limit=1000", null, null).body());
        Set<String> fed = new HashSet<>();
        feed.path("alerts").forEach(a -> fed.add(a.path("alert").path("id").asString()));
        assertThat(fed).containsExactlyInAnyOrderElementsOf(answered);
        assertThat(feed.path("missed").asLong()).isZero();

        JsonNode outputs =
                JSON.readTree(send("GET", "/api/v1/alerts/_outputs", null, null).body());
        assertThat(outputs.path("webhooks").path(0).path("name").asString()).isEqualTo("soar");
        assertThat(outputs.path("webhooks").path(0).path("delivered").asLong()).isEqualTo(answered.size());
        assertThat(outputs.path("webhooks").path(1).path("name").asString()).isEqualTo("1");
    }

    private List<WebhookReceiver.Post> awaitPosts(String path, int alerts) throws InterruptedException {
        Supplier<List<WebhookReceiver.Post>> posts =
                () -> RECEIVER.posts.stream().filter(p -> p.path().equals(path)).toList();
        for (int i = 0;
                i < 300 && posts.get().stream().mapToInt(p -> p.lines().size()).sum() < alerts;
                i++) {
            Thread.sleep(50);
        }
        Thread.sleep(200); // anything beyond the expected would show as a duplicate
        return posts.get();
    }

    HttpResponse<String> send(String method, String path, String contentType, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("X-API-Key", KEY)
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isBetween(200, 299);
        return answer;
    }

    /** The event, one line, at {@code time} (its ingest time too). */
    static String at(String event, String time) {
        ObjectNode tree = (ObjectNode) JSON.readTree(event);
        tree.put("@timestamp", time);
        ((ObjectNode) tree.withObjectProperty("event")).put("ingested", time);
        return tree.toString();
    }

    static String rclone() throws IOException {
        return Files.readString(Path.of("http-examples/events/rclone-copy-to-s3.json"));
    }

    static String failure() {
        return """
                {"event": {"category": ["authentication"], "outcome": "failure"},
                 "source": {"ip": "203.0.113.7"}, "user": {"name": "svc-backup"}, "host": {"name": "dc01"}}""";
    }

    static String rdp() {
        return """
                {"host": {"id": "h-7", "os": {"type": "windows"}},
                 "event": {"category": ["authentication"], "code": "4624", "outcome": "success"},
                 "winlog": {"logon": {"type": "RemoteInteractive"}}, "user": {"name": "j.doe"},
                 "source": {"ip": "198.51.100.4"}}""";
    }

    static String sequenceStart() {
        return """
                {"event": {"category": ["process"], "type": ["start"]}, "host": {"id": "h-1", "os": {"type": "windows"}},
                 "process": {"entity_id": "p-9", "name": "invoice.exe", "executable": "C:\\\\Users\\\\bob\\\\Downloads\\\\invoice.exe"}}""";
    }

    static String sequenceEnd() {
        return """
                {"event": {"category": ["network"], "action": "connection_attempted"}, "network": {"direction": "egress"},
                 "destination": {"ip": "203.0.113.50", "port": 443}, "host": {"id": "h-1", "os": {"type": "windows"}},
                 "process": {"entity_id": "p-9", "name": "invoice.exe"}}""";
    }
}
