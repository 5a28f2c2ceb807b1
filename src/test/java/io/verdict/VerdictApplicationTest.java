package io.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.rule.RuleFixtures;
import io.verdict.security.ApiKeys;
import java.io.IOException;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * End to end over HTTP: the service loads a rule directory holding one good rule, a file that is not TOML and one
 * with three schema errors, serves the good rule, lists one precise error per problem, and reports ready.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class VerdictApplicationTest {

    static final Path RULES = createRules();
    /** An operator's key: health details and metrics are shown only to a caller with one. */
    static final String KEY = "operator-secret";

    @DynamicPropertySource
    static void rulePaths(DynamicPropertyRegistry registry) {
        registry.add("verdict.rules.paths", RULES::toString);
        registry.add(
                "verdict.rules.store",
                () -> RULES.resolveSibling(RULES.getFileName() + "-store").toString());
        registry.add("verdict.security.keys[0].id", () -> "ops");
        registry.add("verdict.security.keys[0].sha256", () -> ApiKeys.sha256Hex(KEY));
    }

    static Path createRules() {
        try {
            Path dir = Files.createTempDirectory("verdict-rules");
            Files.writeString(
                    dir.resolve("good.toml"),
                    RuleFixtures.toml(
                            "00000000-0000-4000-8000-0000000000e1",
                            "Good Rule",
                            "high",
                            "type = \"eql\"\nlanguage = \"eql\"\nquery = 'process where process.name : \"RCLONE.exe\"'\n"
                                    + RuleFixtures.EXFILTRATION_THREAT));
            Files.writeString(dir.resolve("not_toml.toml"), "[rule\nname = 1\n");
            Files.writeString(
                    dir.resolve("malformed.toml"),
                    RuleFixtures.toml(
                                    "00000000-0000-4000-8000-0000000000e2",
                                    "Malformed Rule",
                                    "low",
                                    "type = \"eql\"\nlanguage = \"eql\"\nquery = 'any where true'\n")
                            .replace("name = \"Malformed Rule\"\n", "")
                            .replace("severity = \"low\"", "severity = \"urgent\"")
                            .replace("risk_score = 21", "risk_score = 500"));
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("X-API-Key", KEY)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesTheGoodRuleAndOneErrorPerProblem() throws Exception {
        HttpResponse<String> list = get("/api/v1/rules");
        assertThat(list.statusCode()).isEqualTo(200);
        JsonNode page = json.readTree(list.body());
        assertThat(page.path("total").asInt()).isEqualTo(1);
        assertThat(page.path("items").get(0).path("name").asString()).isEqualTo("Good Rule");

        JsonNode errors = json.readTree(get("/api/v1/rules/errors").body());
        assertThat(errors.path("failed_files").asInt()).isEqualTo(2);
        assertThat(errors.path("errors")).hasSize(4);
        // files are named under the rule path's name, never by their absolute location
        String malformed = RULES.getFileName() + "/malformed.toml";
        assertThat(errors.path("errors")
                        .valueStream()
                        .filter(e -> e.path("file").asString().equals(malformed))
                        .map(e ->
                                e.path("line").asInt() + ":" + e.path("column").asInt() + " "
                                        + e.path("message").asString()))
                .containsExactlyInAnyOrder(
                        "5:1 missing required field 'rule.name'",
                        "8:1 'rule.risk_score' must be between 0 and 100, found 500",
                        "10:1 'rule.severity' must be one of low, medium, high, critical, found \"urgent\"");
        assertThat(errors.path("errors")
                        .valueStream()
                        .filter(e -> e.path("file").asString().endsWith("not_toml.toml"))
                        .toList())
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.path("line").asInt()).isEqualTo(1);
                    assertThat(e.path("message").asString()).startsWith("invalid TOML");
                });

        HttpResponse<String> missing = get("/api/v1/rules/00000000-0000-4000-8000-0000000000e2");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("content-type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    }

    @Test
    void evaluatesAnEventOverHttp() throws Exception {
        String event = """
                {"event": {"category": ["process"]}, "process": {"name": "rclone.exe"}, "host": {"name": "h1"}}""";
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/evaluate?include_event=true"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(event))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode verdict = json.readTree(response.body());
        assertThat(verdict.path("matched").asBoolean()).isTrue();
        JsonNode alert = verdict.path("alerts").get(0);
        assertThat(alert.path("rule").path("name").asString()).isEqualTo("Good Rule");
        assertThat(alert.path("reason").asString())
                .isEqualTo("process event with process rclone.exe, on h1 created high alert Good Rule.");
        assertThat(alert.path("event").path("host").path("name").asString()).isEqualTo("h1");
        assertThat(alert.path("threat")
                        .get(0)
                        .path("technique")
                        .get(0)
                        .path("subtechnique")
                        .get(0)
                        .path("id")
                        .asString())
                .isEqualTo("T1567.002");
    }

    @Test
    void readyOnlyWithRulesAndDocumented() throws Exception {
        HttpResponse<String> readiness = get("/actuator/health/readiness");
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(json.readTree(readiness.body()).path("status").asString()).isEqualTo("UP");
        JsonNode health = json.readTree(get("/actuator/health").body());
        assertThat(health.path("components")
                        .path("rules")
                        .path("details")
                        .path("rules")
                        .asInt())
                .isEqualTo(1);

        JsonNode info = json.readTree(get("/actuator/info").body());
        assertThat(info.path("rules").path("loaded").asInt()).isEqualTo(1);
        assertThat(info.path("build").path("version").asString()).isNotBlank();

        JsonNode metric =
                json.readTree(get("/actuator/metrics/verdict.rules.loaded").body());
        assertThat(metric.path("measurements").get(0).path("value").asDouble()).isEqualTo(1.0);

        JsonNode api = json.readTree(get("/v3/api-docs").body());
        assertThat(api.path("paths").propertyNames())
                .contains("/api/v1/rules", "/api/v1/rules/{rule_id}", "/api/v1/rules/errors", "/api/v1/rules/stats");
        // schemas name properties as the wire does (snake_case), so a client generated from the document reads them
        java.util.List<String> camel = new java.util.ArrayList<>();
        api.path("components")
                .path("schemas")
                .properties()
                .forEach(schema -> schema.getValue()
                        .path("properties")
                        .propertyNames()
                        .forEach(name -> {
                            if (name.matches(".*[a-z][A-Z].*")) {
                                camel.add(schema.getKey() + "." + name);
                            }
                        }));
        assertThat(camel).as("schema properties the wire writes in snake_case").isEmpty();
        assertThat(api.path("components").path("schemas").has("JsonNode"))
                .as("any JSON is any JSON, not Jackson's" + " node class")
                .isFalse();
        assertThat(api.path("components")
                        .path("schemas")
                        .path("EvaluateResponse")
                        .path("properties")
                        .propertyNames())
                .contains("evaluated_rules", "not_routed_rules", "skipped_rules");
        assertThat(api.path("paths").propertyNames())
                .as("path variables named like the wire's fields")
                .noneMatch(path -> path.matches(".*\\{[a-z]+[A-Z].*"));
        java.util.List<String> tags = new java.util.ArrayList<>();
        api.path("tags").forEach(tag -> tags.add(tag.path("name").asString()));
        assertThat(tags)
                .as("tags in the order a client uses them")
                .startsWith("Evaluate", "Rules", "Rule lifecycle", "Rule exceptions", "State");
        assertThat(get("/swagger-ui/index.html").statusCode()).isEqualTo(200);
        assertThat(get("/swagger-ui.html").statusCode()).isIn(200, 302);
    }
}
