package io.verdict.api;

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
import tools.jackson.databind.json.JsonMapper;

/**
 * Rule tests on load and upload, end to end with {@code verdict.rules.tests=refuse}: a shipped rule whose own cases
 * fail is not loaded and is listed among the errors with the case; an upload whose cases fail is a 422 naming them;
 * posted cases run over {@code _test}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RuleTestsApiTest {

    static final String WRITER = "writer-secret";
    static final String GOOD = "00000000-0000-4000-8000-00000000e001";
    static final String BAD = "00000000-0000-4000-8000-00000000e002";
    static final String UPLOADED = "00000000-0000-4000-8000-00000000e003";
    static final Path ROOT = tempDir();

    static String rule(String id, String name) {
        return RuleFixtures.toml(
                id,
                name,
                "low",
                "type = \"eql\"\nlanguage = \"eql\"\n" + "query = 'process where process.name == \"rclone.exe\"'\n");
    }

    static String cases(String name, String processName) {
        return """
                [[case]]
                name = "%s"
                expect = "alert"
                events = ['{"event": {"category": "process"}, "process": {"name": "%s"}}']
                """.formatted(name, processName);
    }

    static Path tempDir() {
        try {
            Path root = Files.createTempDirectory("verdict-ruletests");
            Path rules = Files.createDirectories(root.resolve("rules"));
            Files.writeString(rules.resolve("good.toml"), rule(GOOD, "Good"));
            Files.writeString(rules.resolve("good.tests.toml"), cases("lower case", "rclone.exe"));
            Files.writeString(rules.resolve("bad.toml"), rule(BAD, "Bad"));
            Files.writeString(rules.resolve("bad.tests.toml"), cases("upper case", "RCLONE.EXE"));
            return root;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("verdict.rules.paths", () -> ROOT.resolve("rules").toString());
        registry.add("verdict.rules.store", () -> ROOT.resolve("store").toString());
        registry.add("verdict.rules.reload-interval", () -> "0");
        registry.add("verdict.rules.tests", () -> "refuse");
        registry.add("verdict.state.dir", () -> "");
        registry.add("verdict.security.keys[0].id", () -> "ci");
        registry.add("verdict.security.keys[0].sha256", () -> ApiKeys.sha256Hex(WRITER));
    }

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();
    final JsonMapper json = JsonMapper.builder().build();

    HttpResponse<String> send(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("X-API-Key", WRITER);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode get(String path) throws Exception {
        HttpResponse<String> response = send("GET", path, null, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    @Test
    void aShippedRuleFailingItsCasesIsRefusedAndListed() throws Exception {
        assertThat(send("GET", "/api/v1/rules/" + GOOD, null, null).statusCode())
                .isEqualTo(200);
        assertThat(send("GET", "/api/v1/rules/" + BAD, null, null).statusCode()).isEqualTo(404);
        JsonNode errors = get("/api/v1/rules/errors");
        assertThat(errors.path("errors")
                        .valueStream()
                        .map(e -> e.path("message").asString()))
                .contains(
                        "rule " + BAD + ": test case 'upper case' fails: expected an alert, got none from 1 event(s)");
        assertThat(errors.path("errors").valueStream().map(e -> e.path("file").asString()))
                .anySatisfy(f -> assertThat(f).endsWith("rules/bad.tests.toml"));
        JsonNode report = get("/api/v1/rules/_tests");
        assertThat(report.path("mode").asString()).isEqualTo("refuse");
        assertThat(report.path("rules_tested").asInt()).isEqualTo(2);
        assertThat(report.path("rules_failing").asInt()).isEqualTo(1);
        JsonNode bad = get("/api/v1/rules/" + BAD + "/_tests");
        assertThat(bad.path("refused").asBoolean()).isTrue();
        assertThat(bad.path("failures").get(0).path("case_name").asString()).isEqualTo("upper case");
        assertThat(get("/api/v1/rules/" + GOOD + "/_tests").path("passed").asInt())
                .isEqualTo(1);
        assertThat(get("/actuator/health/rules")
                        .path("details")
                        .path("tests")
                        .path("rules_failing")
                        .asInt())
                .isEqualTo(1);
    }

    @Test
    void anUploadWithFailingCasesIsA422NamingThem() throws Exception {
        String boundary = "verdict-boundary";
        String multipart =
                "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"up.toml\"\r\n"
                        + "Content-Type: application/octet-stream\r\n\r\n" + rule(UPLOADED, "Uploaded")
                        + "\r\n--" + boundary
                        + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"up.tests.toml\"\r\n"
                        + "Content-Type: application/octet-stream\r\n\r\n" + cases("shouting", "RCLONE.EXE") + "\r\n--"
                        + boundary + "--\r\n";
        HttpResponse<String> refused =
                send("POST", "/api/v1/rules", "multipart/form-data; boundary=" + boundary, multipart);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        JsonNode problem = json.readTree(refused.body());
        assertThat(problem.path("type").asString()).endsWith("rule-tests-failed");
        assertThat(problem.path("rule_ids").get(0).asString()).isEqualTo(UPLOADED);
        assertThat(problem.path("errors").get(0).path("message").asString()).contains("test case 'shouting' fails");
        assertThat(send("GET", "/api/v1/rules/" + UPLOADED, null, null).statusCode())
                .isEqualTo(404);

        HttpResponse<String> created = send(
                "POST",
                "/api/v1/rules",
                "multipart/form-data; boundary=" + boundary,
                multipart.replace("RCLONE.EXE", "rclone.exe"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(ROOT.resolve("store").resolve(UPLOADED + ".tests.toml")).exists();
        assertThat(get("/api/v1/rules/" + UPLOADED + "/_tests").path("passed").asInt())
                .isEqualTo(1);
    }

    @Test
    void postedCasesRunAgainstTheLoadedRule() throws Exception {
        HttpResponse<String> run = send(
                "POST",
                "/api/v1/rules/_test",
                "application/toml",
                "rule_id = \"" + GOOD + "\"\n" + cases("lower", "rclone.exe") + cases("upper", "RCLONE.EXE"));
        assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
        JsonNode body = json.readTree(run.body());
        assertThat(body.path("passed").asInt()).isEqualTo(1);
        assertThat(body.path("failed").asInt()).isEqualTo(1);
        assertThat(body.path("results").get(1).path("case_name").asString()).isEqualTo("upper");
        assertThat(body.path("results").get(1).path("outcome").asString()).isEqualTo("FAILED");
    }
}
