package io.verdict.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.verdict.rule.RuleFixtures;
import io.verdict.security.ApiKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code /actuator/prometheus} exposes every {@code verdict.*} meter the service registered, under Prometheus's
 * names: a meter added later without reaching the scrape fails here.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PrometheusEndpointTest {

    static final Path RULES = rules();
    static final String KEY = "scraper-secret";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("verdict.rules.paths", RULES::toString);
        registry.add("verdict.security.keys[0].id", () -> "scraper");
        registry.add("verdict.security.keys[0].sha256", () -> ApiKeys.sha256Hex(KEY));
        registry.add("verdict.security.keys[0].scopes", () -> "read");
    }

    static Path rules() {
        try {
            Path dir = Files.createTempDirectory("verdict-prometheus");
            Files.writeString(
                    dir.resolve("rule.toml"),
                    RuleFixtures.toml(
                            "00000000-0000-4000-8000-0000000000c1",
                            "Prometheus Rule",
                            "high",
                            "type = \"query\"\nlanguage = \"kuery\"\nquery = 'process.name : \"rclone.exe\"'\n"));
            return dir;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyVerdictMeterIsScraped() throws Exception {
        // an alert and a rejected event, so the per-rule and rejection counters exist too
        send("/api/v1/evaluate", "{\"process\": {\"name\": \"rclone.exe\"}}");
        send("/api/v1/evaluate", "{\"process\": ");

        HttpResponse<String> anonymous = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).as("a scrape without a key").isEqualTo(401);
        HttpResponse<String> scrape = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus"))
                        .header("X-API-Key", KEY)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(scrape.statusCode()).as("a scrape with a read key").isEqualTo(200);
        assertThat(scrape.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");

        Set<String> verdictMeters = new TreeSet<>();
        for (Meter meter : meters.getMeters()) {
            if (meter.getId().getName().startsWith("verdict.")) {
                verdictMeters.add(meter.getId().getName());
            }
        }
        assertThat(verdictMeters)
                .contains(
                        "verdict.events.evaluated",
                        "verdict.events.rejected",
                        "verdict.evaluation",
                        "verdict.alerts",
                        "verdict.rules.loaded",
                        "verdict.rules.errors",
                        "verdict.state.memory");
        List<String> missing = verdictMeters.stream()
                .filter(name -> !scrape.body().contains("\n" + name.replace('.', '_')))
                .toList();
        assertThat(missing).as("verdict meters absent from the scrape").isEmpty();
        assertThat(scrape.body()).contains("verdict_alerts_total{rule_id=\"00000000-0000-4000-8000-0000000000c1\"}");
    }

    private void send(String path, String body) throws Exception {
        http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
    }
}
