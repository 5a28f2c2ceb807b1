package io.verdict.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.VerdictApplication;
import io.verdict.rule.RuleFixtures;
import io.verdict.security.ApiKeys;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rule lifecycle over HTTP, as a new user tries it: upload with a key, evaluate, add an exception, evaluate
 * again, restart and find both; then every endpoint and content type, conflicts, bad uploads and auth failures.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LifecycleApiTest {

    static final String WRITER = "writer-secret";
    static final String READER = "reader-secret";
    static final Path ROOT = tempDir();
    static final Path RULES = ROOT.resolve("rules");
    static final Path STORE = ROOT.resolve("store");
    static final String SHIPPED = "00000000-0000-4000-8000-00000000d001";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        properties().forEach(p -> registry.add(p[0], () -> p[1]));
    }

    static List<String[]> properties() {
        return List.of(
                new String[] {"verdict.rules.paths", RULES.toString()},
                new String[] {"verdict.rules.store", STORE.toString()},
                new String[] {"verdict.rules.reload-interval", "0"},
                new String[] {"verdict.rules.max-upload-size", "64KB"},
                new String[] {"verdict.security.keys[0].id", "ci"},
                new String[] {"verdict.security.keys[0].sha256", ApiKeys.sha256Hex(WRITER)},
                new String[] {"verdict.security.keys[1].id", "soc"},
                new String[] {"verdict.security.keys[1].sha256", ApiKeys.sha256Hex(READER)},
                new String[] {"verdict.security.keys[1].scopes", "read"});
    }

    static Path tempDir() {
        try {
            Path root = Files.createTempDirectory("verdict-lifecycle");
            Files.createDirectories(root.resolve("rules"));
            Files.writeString(
                    root.resolve("rules/shipped.toml"),
                    RuleFixtures.toml(
                            SHIPPED,
                            "Shipped Rule",
                            "low",
                            "type = \"query\"\nlanguage = \"kuery\"\nquery = 'process.name:shipped.exe'\n"));
            return root;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();
    final JsonMapper json = JsonMapper.builder().build();

    static String rclone(String id, String name) {
        return RuleFixtures.toml(id, name, "high", """
                type = "eql"
                language = "eql"
                query = '''
                process where process.name : "rclone.exe"
                '''
                """);
    }

    static final String EVENT = """
            {"event": {"category": ["process"]}, "host": {"name": "h1"},
             "process": {"name": "rclone.exe", "executable": "C:\\\\Tools\\\\rclone.exe"}}""";

    HttpResponse<String> send(String method, String path, String key, String contentType, byte[] body)
            throws IOException, InterruptedException {
        return send(port, method, path, key, contentType, body);
    }

    HttpResponse<String> send(int port, String method, String path, String key, String contentType, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        if (key != null) {
            request.header("X-API-Key", key);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(String method, String path, String key, String contentType, String body)
            throws IOException, InterruptedException {
        return send(method, path, key, contentType, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    JsonNode body(HttpResponse<String> response) {
        return json.readTree(response.body());
    }

    boolean alerts(int port, String ruleId) throws IOException, InterruptedException {
        HttpResponse<String> r = send(
                port,
                "POST",
                "/api/v1/evaluate?rule_id=" + ruleId,
                null,
                "application/json",
                EVENT.getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json.readTree(r.body()).path("matched").asBoolean();
    }

    @Test
    void uploadEvaluateExceptRestart() throws Exception {
        String id = "00000000-0000-4000-8000-00000000a001";
        HttpResponse<String> created =
                send("POST", "/api/v1/rules", WRITER, "application/toml", rclone(id, "Rclone Upload"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/rules/" + id);
        assertThat(body(created).path("rules").get(0).path("revision").asInt()).isEqualTo(1);
        assertThat(Files.exists(STORE.resolve(id + ".toml"))).isTrue();
        assertThat(alerts(port, id)).isTrue();

        HttpResponse<String> exception =
                send("POST", "/api/v1/rules/" + id + "/exceptions", WRITER, "application/json", """
                {"item_id": "allow-tools-rclone", "name": "Sanctioned backup", "entries": [
                  {"field": "process.executable", "operator": "included", "type": "match", "value": "C:\\\\Tools\\\\rclone.exe"}]}""");
        assertThat(exception.statusCode()).as(exception.body()).isEqualTo(201);
        assertThat(alerts(port, id)).as("suppressed by the exception").isFalse();
        JsonNode rule = body(send("GET", "/api/v1/rules/" + id, null, null, (String) null));
        assertThat(rule.path("revision").asInt()).isEqualTo(2);
        assertThat(rule.path("exceptions").get(0).path("item_id").asString()).isEqualTo("allow-tools-rclone");

        // a restart: a second service over the same store finds the rule and its exception
        List<String> args = new ArrayList<>();
        properties().forEach(p -> args.add("--" + p[0] + "=" + p[1]));
        args.add("--server.port=0");
        try (ConfigurableApplicationContext restarted =
                new SpringApplicationBuilder(VerdictApplication.class).run(args.toArray(String[]::new))) {
            int other = Integer.parseInt(restarted.getEnvironment().getProperty("local.server.port"));
            JsonNode again = json.readTree(
                    send(other, "GET", "/api/v1/rules/" + id, null, null, null).body());
            assertThat(again.path("revision").asInt()).isEqualTo(2);
            assertThat(again.path("exceptions")).hasSize(1);
            assertThat(alerts(other, id)).isFalse();
        }
    }

    @Test
    void conflictsOverwriteAndRevisions() throws Exception {
        String id = "00000000-0000-4000-8000-00000000a002";
        assertThat(send("POST", "/api/v1/rules", WRITER, "text/plain", rclone(id, "Conflict One"))
                        .statusCode())
                .isEqualTo(201);
        HttpResponse<String> conflict =
                send("POST", "/api/v1/rules", WRITER, "application/toml", rclone(id, "Conflict Two"));
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(body(conflict).path("type").asString()).isEqualTo("urn:verdict:problem:rule-exists");
        assertThat(body(conflict).path("rule_ids").get(0).asString()).isEqualTo(id);

        HttpResponse<String> overwritten =
                send("POST", "/api/v1/rules?overwrite=true", WRITER, "application/toml", rclone(id, "Conflict Two"));
        assertThat(overwritten.statusCode()).isEqualTo(201);
        assertThat(body(overwritten).path("rules").get(0).path("action").asString())
                .isEqualTo("replace");
        assertThat(body(overwritten).path("rules").get(0).path("revision").asInt())
                .isEqualTo(2);

        send(
                "POST",
                "/api/v1/rules/" + id + "/exceptions",
                WRITER,
                "application/json",
                "{\"item_id\": \"kept\", \"entries\": [{\"field\": \"user.name\", \"operator\": \"included\", \"type\": \"match\", \"value\": \"svc\"}]}");
        HttpResponse<String> put =
                send("PUT", "/api/v1/rules/" + id, WRITER, "application/toml", rclone(id, "Conflict Three"));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(body(put).path("rules").get(0).path("revision").asInt()).isEqualTo(4);
        JsonNode rule = body(send("GET", "/api/v1/rules/" + id, null, null, (String) null));
        assertThat(rule.path("name").asString()).isEqualTo("Conflict Three");
        assertThat(rule.path("revision").asInt()).isEqualTo(4);
        assertThat(rule.path("exceptions").get(0).path("item_id").asString())
                .as("a replaced rule keeps its exceptions")
                .isEqualTo("kept");

        HttpResponse<String> mismatch = send(
                "PUT",
                "/api/v1/rules/" + id,
                WRITER,
                "application/toml",
                rclone("00000000-0000-4000-8000-00000000a0ff", "Other"));
        assertThat(mismatch.statusCode()).isEqualTo(400);
        assertThat(body(mismatch).path("detail").asString()).contains("is not the rule_id of the path");

        assertThat(send("POST", "/api/v1/rules/" + id + "/_disable", WRITER, null, (String) null)
                        .statusCode())
                .isEqualTo(200);
        HttpResponse<String> evaluated = send("POST", "/api/v1/evaluate", null, "application/json", EVENT);
        assertThat(body(evaluated)
                        .path("alerts")
                        .valueStream()
                        .map(a -> a.path("rule").path("rule_id").asString()))
                .doesNotContain(id);
        assertThat(body(send("GET", "/api/v1/rules/" + id, null, null, (String) null))
                        .path("enabled")
                        .asBoolean(true))
                .isFalse();
        assertThat(send("POST", "/api/v1/rules/" + id + "/_enable", WRITER, null, (String) null)
                        .statusCode())
                .isEqualTo(200);
        assertThat(body(send("GET", "/api/v1/rules/" + id, null, null, (String) null))
                        .path("revision")
                        .asInt())
                .isEqualTo(6);

        assertThat(send("DELETE", "/api/v1/rules/" + id, WRITER, null, (String) null)
                        .statusCode())
                .isEqualTo(200);
        assertThat(send("GET", "/api/v1/rules/" + id, null, null, (String) null).statusCode())
                .isEqualTo(404);
        assertThat(Files.exists(STORE.resolve(id + ".toml"))).isFalse();
        assertThat(send("DELETE", "/api/v1/rules/" + id, WRITER, null, (String) null)
                        .statusCode())
                .isEqualTo(404);
        HttpResponse<String> readOnly = send("DELETE", "/api/v1/rules/" + SHIPPED, WRITER, null, (String) null);
        assertThat(readOnly.statusCode()).isEqualTo(409);
        assertThat(body(readOnly).path("type").asString()).isEqualTo("urn:verdict:problem:rule-read-only");
    }

    @Test
    void authFailures() throws Exception {
        String toml = rclone("00000000-0000-4000-8000-00000000a003", "Auth");
        HttpResponse<String> none = send("POST", "/api/v1/rules", null, "application/toml", toml);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("content-type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(send("POST", "/api/v1/rules", "wrong", "application/toml", toml)
                        .statusCode())
                .isEqualTo(401);
        HttpResponse<String> reader = send("POST", "/api/v1/rules", READER, "application/toml", toml);
        assertThat(reader.statusCode()).isEqualTo(403);
        assertThat(body(reader).path("type").asString()).isEqualTo("urn:verdict:problem:api-key-scope");
        assertThat(send("POST", "/api/v1/rules/_reload", READER, null, (String) null)
                        .statusCode())
                .isEqualTo(403);
        assertThat(send("POST", "/api/v1/rules/" + SHIPPED + "/_disable", null, null, (String) null)
                        .statusCode())
                .isEqualTo(401);
        assertThat(send("GET", "/api/v1/rules", null, null, (String) null).statusCode())
                .as("reads are open with protect-reads=false")
                .isEqualTo(200);
        JsonNode api = body(send("GET", "/v3/api-docs", null, null, (String) null));
        assertThat(api.path("components")
                        .path("securitySchemes")
                        .path("apiKey")
                        .path("name")
                        .asString())
                .isEqualTo("X-API-Key");
        assertThat(api.path("paths").propertyNames())
                .contains(
                        "/api/v1/rules/_validate",
                        "/api/v1/rules/_export",
                        "/api/v1/rules/{rule_id}/exceptions/_preview");
        assertThat(api.path("paths")
                        .path("/api/v1/rules")
                        .path("post")
                        .path("requestBody")
                        .path("content")
                        .propertyNames())
                .contains("application/toml", "application/json", "application/x-ndjson", "multipart/form-data");
    }

    @Test
    void badUploadsCarryFileLineAndColumn() throws Exception {
        HttpResponse<String> badToml = send("POST", "/api/v1/rules", WRITER, "application/toml", "[rule\nname = 1\n");
        assertThat(badToml.statusCode()).isEqualTo(400);
        JsonNode problem = body(badToml);
        assertThat(problem.path("type").asString()).isEqualTo("urn:verdict:problem:invalid-rule");
        assertThat(problem.path("errors").get(0).path("file").asString()).isEqualTo("upload.toml");
        assertThat(problem.path("errors").get(0).path("line").asInt()).isEqualTo(1);
        assertThat(problem.path("errors").get(0).path("message").asString()).startsWith("invalid TOML");

        String badQuery = rclone("00000000-0000-4000-8000-00000000a004", "Bad Query")
                .replace("process.name :", "process.name ==== ");
        HttpResponse<String> query = send("POST", "/api/v1/rules", WRITER, "application/toml", badQuery);
        assertThat(query.statusCode()).isEqualTo(400);
        JsonNode error = body(query).path("errors").get(0);
        assertThat(error.path("line").asInt()).as(query.body()).isEqualTo(15);
        assertThat(error.path("column").asInt()).as(query.body()).isEqualTo(30);
        assertThat(send("GET", "/api/v1/rules/00000000-0000-4000-8000-00000000a004", null, null, (String) null)
                        .statusCode())
                .isEqualTo(404);

        HttpResponse<String> unsafe =
                send("POST", "/api/v1/rules", WRITER, "application/toml", rclone("../../etc/passwd", "Unsafe"));
        assertThat(unsafe.statusCode()).isEqualTo(400);
        assertThat(body(unsafe).path("errors").get(0).path("message").asString())
                .contains("'rule.rule_id' must be");
        assertThat(body(unsafe).path("errors").get(0).path("line").asInt()).isEqualTo(10);
        assertThat(send("PUT", "/api/v1/rules/-x", WRITER, "application/toml", rclone("-x", "X"))
                        .statusCode())
                .isEqualTo(400);

        HttpResponse<String> big = send(
                "POST",
                "/api/v1/rules",
                WRITER,
                "application/toml",
                rclone("00000000-0000-4000-8000-00000000a005", "Big") + "# " + "x".repeat(70_000) + "\n");
        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(body(big).path("type").asString()).isEqualTo("urn:verdict:problem:too-large");

        HttpResponse<String> html = send("POST", "/api/v1/rules", WRITER, "text/html", "<p>");
        assertThat(html.statusCode()).isEqualTo(415);

        HttpResponse<String> validate = send("POST", "/api/v1/rules/_validate", null, "application/toml", badQuery);
        assertThat(validate.statusCode()).isEqualTo(200);
        assertThat(body(validate).path("valid").asBoolean()).isFalse();
        assertThat(body(validate).path("errors").get(0).path("line").asInt()).isEqualTo(15);
        HttpResponse<String> both = send(
                "POST",
                "/api/v1/rules/_validate",
                null,
                "application/toml",
                badQuery.replace("severity = \"high\"", "severity = \"urgent\""));
        assertThat(body(both)
                        .path("errors")
                        .valueStream()
                        .map(e ->
                                e.path("line").asInt() + " " + e.path("message").asString()))
                .as("the query is checked although the severity keeps the rule from loading: " + both.body())
                .hasSize(2)
                .anySatisfy(line -> assertThat(line).contains("'rule.severity' must be one of"))
                .anySatisfy(line -> assertThat(line).startsWith("15 "));
        HttpResponse<String> good = send(
                "POST",
                "/api/v1/rules/_validate",
                null,
                "application/toml",
                rclone("00000000-0000-4000-8000-00000000a006", "Valid"));
        assertThat(body(good).path("valid").asBoolean()).isTrue();
        assertThat(send("GET", "/api/v1/rules/00000000-0000-4000-8000-00000000a006", null, null, (String) null)
                        .statusCode())
                .as("a dry run changes nothing")
                .isEqualTo(404);
    }

    @Test
    void kibanaJsonNdjsonAndMultipartUploads() throws Exception {
        String kibana = """
                {"id": "6a3f-saved-object", "rule_id": "00000000-0000-4000-8000-00000000b001", "name": "Kibana Rule",
                 "description": "From Kibana", "risk_score": 47, "severity": "medium", "type": "query",
                 "language": "kuery", "query": "process.name:rclone.exe", "author": ["SOC"], "enabled": true,
                 "created_at": "2026-03-04T05:06:07.000Z", "updated_at": "2026-03-05T05:06:07.000Z",
                 "immutable": false, "rule_source": {"type": "internal"}, "revision": 4, "version": 2,
                 "exceptions_list": [], "actions": [], "interval": "5m", "from": "now-6m", "to": "now",
                 "max_signals": 100, "threat": [], "references": [], "setup": "", "output_index": null}""";
        HttpResponse<String> json = send("POST", "/api/v1/rules", WRITER, "application/json", kibana);
        assertThat(json.statusCode()).as(json.body()).isEqualTo(201);
        JsonNode rule =
                body(send("GET", "/api/v1/rules/00000000-0000-4000-8000-00000000b001", null, null, (String) null));
        assertThat(rule.path("query").asString()).isEqualTo("process.name:rclone.exe");
        assertThat(rule.path("metadata").path("creation_date").asString()).isEqualTo("2026/03/04");
        assertThat(alerts(port, "00000000-0000-4000-8000-00000000b001")).isTrue();

        String ndjson = kibana.replace('\n', ' ')
                        .replace("00000000-0000-4000-8000-00000000b001", "00000000-0000-4000-8000-00000000b002")
                        .replace(
                                "\"exceptions_list\": []",
                                "\"exceptions_list\": [{\"id\": \"l1\", \"list_id\": \"rule-b002-list\", \"type\": \"rule_default\", \"namespace_type\": \"single\"}]")
                + "\n{\"id\": \"l1\", \"list_id\": \"rule-b002-list\", \"type\": \"rule_default\", \"namespace_type\": \"single\", \"name\": \"x\", \"description\": \"x\"}"
                + "\n{\"item_id\": \"tools\", \"list_id\": \"rule-b002-list\", \"type\": \"simple\", \"namespace_type\": \"single\", \"name\": \"tools\", \"description\": \"\", \"entries\": [{\"field\": \"process.executable\", \"operator\": \"included\", \"type\": \"wildcard\", \"value\": \"C:\\\\\\\\Tools\\\\\\\\*\"}]}"
                + "\n{\"id\": \"c1\", \"type\": \"action\", \"attributes\": {\"actionTypeId\": \".email\"}}"
                + "\n{\"exported_count\": 4, \"exported_rules_count\": 1, \"missing_rules\": []}\n";
        HttpResponse<String> imported = send("POST", "/api/v1/rules", WRITER, "application/x-ndjson", ndjson);
        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(201);
        assertThat(body(imported).path("notes").valueStream().map(JsonNode::asString))
                .anySatisfy(n -> assertThat(n).contains("export summary, skipped"))
                .anySatisfy(n -> assertThat(n).contains("action connector"))
                .anySatisfy(n -> assertThat(n).contains("exception list rule-b002-list"));
        JsonNode b2 =
                body(send("GET", "/api/v1/rules/00000000-0000-4000-8000-00000000b002", null, null, (String) null));
        assertThat(b2.path("exceptions").get(0).path("item_id").asString()).isEqualTo("tools");
        assertThat(alerts(port, "00000000-0000-4000-8000-00000000b002"))
                .as("the imported exception applies")
                .isFalse();

        String boundary = "verdict-boundary";
        String multipart = "--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.toml\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n"
                + rclone("00000000-0000-4000-8000-00000000b003", "Multipart A")
                + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"b.json\"\r\n"
                + "Content-Type: application/json\r\n\r\n"
                + kibana.replace("00000000-0000-4000-8000-00000000b001", "00000000-0000-4000-8000-00000000b004")
                + "\r\n--" + boundary + "--\r\n";
        HttpResponse<String> parts =
                send("POST", "/api/v1/rules", WRITER, "multipart/form-data; boundary=" + boundary, multipart);
        assertThat(parts.statusCode()).as(parts.body()).isEqualTo(201);
        assertThat(body(parts)
                        .path("rules")
                        .valueStream()
                        .map(r -> r.path("rule_id").asString()))
                .containsExactly("00000000-0000-4000-8000-00000000b003", "00000000-0000-4000-8000-00000000b004");
    }

    @Test
    void aKibanaExportWithEmptyAuthorsIsNotA400AndExportsBackWithKibanasVersions() throws Exception {
        byte[] fixture;
        try (java.io.InputStream in = getClass().getResourceAsStream("/kibana/export_shared_exception_list.ndjson")) {
            fixture = in.readAllBytes();
        }
        HttpResponse<String> imported = send("POST", "/api/v1/rules", WRITER, "application/x-ndjson", fixture);
        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(201);
        List<String> ids = List.of("b7e3f1c2-9a4d-4e8b-a6f5-2c1d0e9f8a7b", "c8d2e4f6-1b3a-4c5d-8e7f-9a0b1c2d3e4f");
        for (String id : ids) {
            assertThat(body(send("GET", "/api/v1/rules/" + id + "/exceptions", null, null, (String) null))
                            .valueStream()
                            .map(e -> e.path("item_id").asString()))
                    .containsExactly("jump-host", "build-servers");
        }
        List<JsonNode> first = exported(ids);
        assertThat(first).extracting(l -> l.path("version").asInt()).containsExactly(4, 2);
        assertThat(first)
                .extracting(l -> l.path("id").asString())
                .containsExactly("3f0e6b1a-5d2c-11f1-8a61-0b2c4d6e8f10", "41aa0c9e-5d2c-11f1-8a61-0b2c4d6e8f10");

        // Verdict's export of them imports back (overwriting) into the same rules
        String export =
                send("GET", "/api/v1/rules/_export", null, null, (String) null).body();
        String back =
                export.lines().filter(l -> ids.stream().anyMatch(l::contains)).reduce("", (a, b) -> a + b + "\n");
        HttpResponse<String> again = send("POST", "/api/v1/rules?overwrite=true", WRITER, "application/x-ndjson", back);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
        assertThat(exported(ids)).isEqualTo(first);
    }

    /** The export lines of these rules, in this order. */
    private List<JsonNode> exported(List<String> ids) throws Exception {
        List<JsonNode> lines = send("GET", "/api/v1/rules/_export", null, null, (String) null)
                .body()
                .lines()
                .map(json::readTree)
                .toList();
        return ids.stream()
                .map(id -> lines.stream()
                        .filter(l -> id.equals(l.path("rule_id").asString()))
                        .findFirst()
                        .orElseThrow())
                .toList();
    }

    @Test
    void exportAsNdjsonAndZipAndImportBack() throws Exception {
        String id = "00000000-0000-4000-8000-00000000c001";
        send("POST", "/api/v1/rules", WRITER, "application/toml", rclone(id, "Exported"));
        send("POST", "/api/v1/rules/" + id + "/exceptions", WRITER, "application/json", """
                [{"item_id": "e1", "entries": [{"field": "user.name", "operator": "included", "type": "match_any", "value": ["a", "b"]}]},
                 {"item_id": "e2", "os_types": ["windows"], "entries": [{"field": "host.name", "operator": "excluded", "type": "exists"}]}]""");
        HttpResponse<String> export = send("GET", "/api/v1/rules/_export", null, null, (String) null);
        assertThat(export.statusCode()).isEqualTo(200);
        List<JsonNode> lines = export.body().lines().map(json::readTree).toList();
        JsonNode summary = lines.get(lines.size() - 1);
        assertThat(summary.path("exported_exception_list_item_count").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(summary.path("exported_rules_count").asInt())
                .isEqualTo(lines.stream().filter(l -> l.has("rule_id")).count());
        JsonNode rule = lines.stream()
                .filter(l -> id.equals(l.path("rule_id").asString()))
                .findFirst()
                .orElseThrow();
        assertThat(rule.path("exceptions_list").get(0).path("list_id").asString())
                .isEqualTo(id + "-exceptions");
        assertThat(rule.has("verdict")).isFalse();
        assertThat(lines.stream()
                        .filter(l ->
                                (id + "-exceptions").equals(l.path("list_id").asString()) && l.has("item_id")))
                .hasSize(2);

        // the export imports back: delete the rule, import the NDJSON lines of that rule and its exceptions
        assertThat(send("DELETE", "/api/v1/rules/" + id, WRITER, null, (String) null)
                        .statusCode())
                .isEqualTo(200);
        String back = export.body().lines().filter(l -> l.contains(id)).reduce("", (a, b) -> a + b + "\n");
        HttpResponse<String> imported = send("POST", "/api/v1/rules", WRITER, "application/x-ndjson", back);
        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(201);
        assertThat(body(send("GET", "/api/v1/rules/" + id + "/exceptions", null, null, (String) null))
                        .valueStream()
                        .map(e -> e.path("item_id").asString()))
                .containsExactly("e1", "e2");

        HttpResponse<byte[]> zip = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/rules/_export?format=zip"))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(zip.headers().firstValue("content-type")).hasValue("application/zip");
        List<String> names = new ArrayList<>();
        String stored = null;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.body()))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                names.add(entry.getName());
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if (entry.getName().equals(id + ".toml")) {
                    stored = text;
                }
            }
        }
        assertThat(names).contains(SHIPPED + ".toml", id + ".toml");
        assertThat(stored).contains("[[verdict.exceptions]]", "item_id = \"e1\"");
    }

    @Test
    void previewTellsWhichAlertsCandidatesWouldSuppress() throws Exception {
        String id = "00000000-0000-4000-8000-00000000c002";
        send("POST", "/api/v1/rules", WRITER, "application/toml", rclone(id, "Preview"));
        HttpResponse<String> preview = send(
                "POST", "/api/v1/rules/" + id + "/exceptions/_preview", null, "application/json", """
                {"items": [{"item_id": "tools", "entries": [{"field": "process.executable", "operator": "included",
                            "type": "wildcard", "value": "C:\\\\\\\\Tools\\\\\\\\*"}]}],
                 "events": [%s, {"event": {"category": ["process"]}, "process": {"name": "rclone.exe", "executable": "D:\\\\x.exe"}},
                            {"event": {"category": ["process"]}, "process": {"name": "cmd.exe"}}]}""".formatted(EVENT));
        assertThat(preview.statusCode()).as(preview.body()).isEqualTo(200);
        JsonNode result = body(preview);
        assertThat(result.path("alerts").asInt()).isEqualTo(2);
        assertThat(result.path("suppressed").asInt()).isEqualTo(1);
        assertThat(result.path("results").get(0).path("suppressed_by").get(0).asString())
                .isEqualTo("tools");
        assertThat(result.path("results").get(1).path("suppressed_by")).isEmpty();
        assertThat(result.path("results").get(2).path("alert").asBoolean()).isFalse();
        assertThat(send("GET", "/api/v1/rules/" + id + "/exceptions", null, null, (String) null)
                        .body())
                .isEqualTo("[]");

        HttpResponse<String> badItem = send(
                "POST",
                "/api/v1/rules/" + id + "/exceptions",
                WRITER,
                "application/json",
                "{\"entries\": [{\"field\": \"x\", \"operator\": \"included\", \"type\": \"regex\", \"value\": \"y\"}]}");
        assertThat(badItem.statusCode()).isEqualTo(400);
        assertThat(body(badItem).path("detail").asString()).contains("item.entries[0].type must be one of");
        HttpResponse<String> unreadable = send(
                "POST",
                "/api/v1/rules/" + id + "/exceptions",
                WRITER,
                "application/json",
                "{\"entries\": [{\"field\": \"process.pid\", \"operator\": \"included\", \"type\": \"match\", \"value\": \"four\"}]}");
        assertThat(unreadable.statusCode())
                .as("a value the field's type cannot read: Elasticsearch would fail the"
                        + " rule's search, so the change is refused")
                .isEqualTo(400);
        assertThat(unreadable.body()).contains("process.pid", "four");
        assertThat(send("GET", "/api/v1/rules/" + id + "/exceptions", null, null, (String) null)
                        .body())
                .isEqualTo("[]");
        send(
                "POST",
                "/api/v1/rules/" + id + "/exceptions",
                WRITER,
                "application/json",
                "{\"item_id\": \"one\", \"entries\": [{\"field\": \"x\", \"operator\": \"included\", \"type\": \"exists\"}]}");
        HttpResponse<String> again = send(
                "POST",
                "/api/v1/rules/" + id + "/exceptions",
                WRITER,
                "application/json",
                "{\"item_id\": \"one\", \"entries\": [{\"field\": \"x\", \"operator\": \"included\", \"type\": \"exists\"}]}");
        assertThat(again.statusCode()).isEqualTo(409);
        HttpResponse<String> replaced = send(
                "PUT",
                "/api/v1/rules/" + id + "/exceptions/one",
                WRITER,
                "application/json",
                "{\"entries\": [{\"field\": \"y\", \"operator\": \"included\", \"type\": \"exists\"}]}");
        assertThat(replaced.statusCode()).isEqualTo(200);
        assertThat(body(send("GET", "/api/v1/rules/" + id + "/exceptions/one", null, null, (String) null))
                        .path("entries")
                        .get(0)
                        .path("field")
                        .asString())
                .isEqualTo("y");
        assertThat(send("DELETE", "/api/v1/rules/" + id + "/exceptions/one", WRITER, null, (String) null)
                        .statusCode())
                .isEqualTo(200);
        assertThat(send("DELETE", "/api/v1/rules/" + id + "/exceptions/one", WRITER, null, (String) null)
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void reloadPicksUpFilesAndKeepsTheLastGoodVersion() throws Exception {
        String id = "00000000-0000-4000-8000-00000000d002";
        Path file = RULES.resolve("reloaded.toml");
        Files.writeString(file, rclone(id, "Reloaded One"));
        HttpResponse<String> reload = send("POST", "/api/v1/rules/_reload", WRITER, null, (String) null);
        assertThat(reload.statusCode()).isEqualTo(200);
        assertThat(body(send("GET", "/api/v1/rules/" + id, null, null, (String) null))
                        .path("name")
                        .asString())
                .isEqualTo("Reloaded One");

        Files.writeString(file, rclone(id, "Reloaded Two").replace("rclone.exe\"", "rclone.exe\" or"));
        send("POST", "/api/v1/rules/_reload", WRITER, null, (String) null);
        JsonNode rule = body(send("GET", "/api/v1/rules/" + id, null, null, (String) null));
        assertThat(rule.path("name").asString()).isEqualTo("Reloaded One");
        JsonNode errors = body(send("GET", "/api/v1/rules/errors", null, null, (String) null));
        assertThat(errors.path("errors")
                        .valueStream()
                        .filter(e -> e.path("file").asString().endsWith("reloaded.toml"))
                        .map(e -> e.path("message").asString()))
                .anySatisfy(m -> assertThat(m).contains("keeps its last good version"));
        Files.delete(file);
        send("POST", "/api/v1/rules/_reload", WRITER, null, (String) null);
        assertThat(send("GET", "/api/v1/rules/" + id, null, null, (String) null).statusCode())
                .isEqualTo(404);

        JsonNode metric = body(send("GET", "/actuator/metrics/verdict.rules.changes", READER, null, (String) null));
        assertThat(metric.path("availableTags")
                        .valueStream()
                        .map(t -> t.path("tag").asString()))
                .contains("action", "outcome");
    }

    @Test
    void changesAndReloadsRacingWithEvaluationsFailNoRequest() throws Exception {
        String id = "00000000-0000-4000-8000-00000000e001";
        assertThat(send("POST", "/api/v1/rules", WRITER, "application/toml", rclone(id, "Race 0"))
                        .statusCode())
                .isEqualTo(201);
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger evaluations = new java.util.concurrent.atomic.AtomicInteger();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            Thread thread = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        HttpResponse<String> r =
                                send("POST", "/api/v1/evaluate?rule_id=" + id, null, "application/json", EVENT);
                        JsonNode verdict = json.readTree(r.body());
                        if (r.statusCode() != 200
                                || !verdict.path("matched").asBoolean()
                                || !verdict.path("alerts")
                                        .get(0)
                                        .path("rule")
                                        .path("name")
                                        .asString()
                                        .startsWith("Race ")) {
                            failures.add(r.statusCode() + " " + r.body());
                        }
                        evaluations.incrementAndGet();
                    } catch (Exception e) {
                        failures.add(e.toString());
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        int changes = 0;
        for (int i = 1; i <= 15; i++) {
            assertThat(send("POST", "/api/v1/rules?overwrite=true", WRITER, "application/toml", rclone(id, "Race " + i))
                            .statusCode())
                    .isEqualTo(201);
            assertThat(send("POST", "/api/v1/rules/_reload", WRITER, null, (String) null)
                            .statusCode())
                    .isEqualTo(200);
            changes += 2;
        }
        stop.set(true);
        for (Thread thread : threads) {
            thread.join(30_000);
        }
        System.out.printf(
                "reload race: %d evaluations during %d changes, %d failed%n",
                evaluations.get(), changes, failures.size());
        assertThat(failures).isEmpty();
        assertThat(evaluations.get()).isGreaterThan(changes);
        assertThat(body(send("GET", "/api/v1/rules/" + id, null, null, (String) null))
                        .path("revision")
                        .asInt())
                .isEqualTo(16);
    }
}
