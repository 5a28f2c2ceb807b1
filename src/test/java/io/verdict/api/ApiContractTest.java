package io.verdict.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.verdict.rule.RuleFixtures;
import io.verdict.security.ApiKeys;
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
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The contract a client generated from {@code /v3/api-docs} relies on: each live answer of the evaluate, rules,
 * state and lifecycle endpoints, problems included, is valid against the schema the document gives for that
 * operation and status (JSON Schema 2020-12, as OpenAPI 3.1 defines its schemas). A field the wire writes and the
 * document does not describe, a wrong type, a status the document does not list: the test fails.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiContractTest {

    static final String KEY = "contract-secret";
    static final String READER = "contract-reader";
    static final String RULE = "00000000-0000-4000-8000-0000000c0001";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("verdict.rules.paths", () -> ROOT.resolve("rules").toString());
        registry.add("verdict.rules.store", () -> ROOT.resolve("store").toString());
        registry.add("verdict.data-dir", () -> ROOT.resolve("data").toString());
        registry.add("verdict.rules.reload-interval", () -> "0");
        registry.add("verdict.security.protect-reads", () -> "true"); // as the service runs by default
        registry.add("verdict.security.keys[0].id", () -> "contract");
        registry.add("verdict.security.keys[0].sha256", () -> ApiKeys.sha256Hex(KEY));
        registry.add("verdict.security.keys[1].id", () -> "reader");
        registry.add("verdict.security.keys[1].sha256", () -> ApiKeys.sha256Hex(READER));
        registry.add("verdict.security.keys[1].scopes", () -> "read");
    }

    static final String ROOT_RULE = RuleFixtures.toml(RULE, "Rclone Run", "high", """
            type = "eql"
            language = "eql"
            query = '''
            process where process.name : "rclone.exe"
            '''
            """);
    static final Path ROOT = rules();

    static Path rules() {
        try {
            Path root = Files.createTempDirectory("verdict-contract");
            Files.createDirectories(root.resolve("rules"));
            Files.writeString(root.resolve("rules/rclone.toml"), ROOT_RULE);
            return root;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static final String EVENT = """
            {"@timestamp": "2026-11-27T10:00:00Z", "event": {"category": ["process"]}, "host": {"name": "h1"},
             "process": {"name": "rclone.exe", "args": ["rclone.exe", "copy"]}}""";

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();
    JsonNode document;

    @BeforeAll
    void readTheDocument() throws Exception {
        document = json.readTree(send("GET", "/v3/api-docs", null, null).body());
    }

    /** method, path as called, the document's path template, content type, body, expected status. */
    static Stream<Arguments> calls() {
        return Stream.of(
                Arguments.of("POST", "/api/v1/evaluate", "/api/v1/evaluate", "application/json", EVENT, 200),
                Arguments.of(
                        "POST", "/api/v1/evaluate?rule_id=" + RULE, "/api/v1/evaluate", "application/json", EVENT, 200),
                Arguments.of(
                        "POST",
                        "/api/v1/evaluate?explain=true&include_event=true",
                        "/api/v1/evaluate",
                        "application/json",
                        EVENT,
                        200),
                Arguments.of(
                        "POST", "/api/v1/evaluate?format=kibana", "/api/v1/evaluate", "application/json", EVENT, 200),
                Arguments.of(
                        "POST",
                        "/api/v1/evaluate?format=kibana&explain=true",
                        "/api/v1/evaluate",
                        "application/json",
                        EVENT,
                        200),
                Arguments.of(
                        "POST",
                        "/api/v1/evaluate/_batch?format=kibana",
                        "/api/v1/evaluate/_batch",
                        "application/x-ndjson",
                        EVENT.replace("\n", " ") + "\n",
                        200),
                Arguments.of(
                        "POST",
                        "/api/v1/evaluate/_batch",
                        "/api/v1/evaluate/_batch",
                        "application/json",
                        "[" + EVENT + ", {\"event\": {\"category\": [\"network\"]}}]",
                        200),
                Arguments.of("GET", "/api/v1/rules", "/api/v1/rules", null, null, 200),
                Arguments.of("GET", "/api/v1/rules/" + RULE, "/api/v1/rules/{rule_id}", null, null, 200),
                Arguments.of("GET", "/api/v1/rules/errors", "/api/v1/rules/errors", null, null, 200),
                Arguments.of("GET", "/api/v1/rules/stats", "/api/v1/rules/stats", null, null, 200),
                Arguments.of("GET", "/api/v1/state", "/api/v1/state", null, null, 200),
                Arguments.of("GET", "/api/v1/sequences/pending", "/api/v1/sequences/pending", null, null, 200),
                Arguments.of("GET", "/api/v1/alerts?after=0", "/api/v1/alerts", null, null, 200),
                Arguments.of(
                        "GET",
                        "/api/v1/alerts?format=kibana&severity=high&rule_id=" + RULE + ",gone&since=now-1h",
                        "/api/v1/alerts",
                        null,
                        null,
                        200),
                Arguments.of("GET", "/api/v1/alerts/_outputs", "/api/v1/alerts/_outputs", null, null, 200),
                Arguments.of("GET", "/api/v1/stream", "/api/v1/stream", null, null, 200),
                Arguments.of("GET", "/api/v1/alerts?severity=urgent", "/api/v1/alerts", null, null, 400),
                Arguments.of("GET", "/api/v1/alerts?limit=1001", "/api/v1/alerts", null, null, 400),
                Arguments.of(
                        "POST",
                        "/api/v1/rules/_validate",
                        "/api/v1/rules/_validate",
                        "application/toml",
                        RuleFixtures.toml(
                                "00000000-0000-4000-8000-0000000c0002",
                                "Valid",
                                "low",
                                "type = \"query\"\nlanguage = \"kuery\"\nquery = 'process.name : x'\n"),
                        200),
                Arguments.of("GET", "/api/v1/rules/no-such-rule", "/api/v1/rules/{rule_id}", null, null, 404),
                Arguments.of("POST", "/api/v1/evaluate", "/api/v1/evaluate", "application/json", "{\"a\": ", 400),
                Arguments.of("POST", "/api/v1/rules", "/api/v1/rules", "application/toml", "[rule\nname = 1", 400),
                Arguments.of(
                        "POST", "/api/v1/evaluate?formt=kibana", "/api/v1/evaluate", "application/json", EVENT, 400),
                Arguments.of("POST", "/api/v1/evaluate?tag=nope", "/api/v1/evaluate", "application/json", EVENT, 400),
                Arguments.of(
                        "POST", "/api/v1/evaluate#accept=text/csv", "/api/v1/evaluate", "application/json", EVENT, 406),
                Arguments.of("POST", "/api/v1/evaluate", "/api/v1/evaluate", "text/csv", "a,b", 415),
                Arguments.of("POST", "/api/v1/evaluate/_batch", "/api/v1/evaluate/_batch", "text/plain", EVENT, 415),
                Arguments.of("POST", "/api/v1/rules", "/api/v1/rules", "application/toml", ROOT_RULE, 409),
                Arguments.of("DELETE", "/api/v1/rules/" + RULE, "/api/v1/rules/{rule_id}", null, null, 409),
                Arguments.of(
                        "POST",
                        "/api/v1/rules/" + RULE + "/_explain",
                        "/api/v1/rules/{rule_id}/_explain",
                        "application/json",
                        "[" + EVENT + ", " + EVENT + "]",
                        422),
                Arguments.of(
                        "GET",
                        "/api/v1/rules/" + RULE + "/exceptions/no-such-item",
                        "/api/v1/rules/{rule_id}/exceptions/{item_id}",
                        null,
                        null,
                        404),
                Arguments.of("GET", "/api/v1/rules#no-key", "/api/v1/rules", null, null, 401),
                Arguments.of("POST", "/api/v1/rules/_reload#read-key", "/api/v1/rules/_reload", null, null, 403));
    }

    @ParameterizedTest(name = "{0} {1} -> {5}")
    @MethodSource("calls")
    void aLiveAnswerIsValidAgainstTheDocument(
            String method, String path, String template, String contentType, String body, int status) throws Exception {
        HttpResponse<String> answer = send(method, path, contentType, body);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        String type = answer.headers()
                .firstValue("Content-Type")
                .orElse("")
                .split(";")[0]
                .trim();
        JsonNode responses =
                document.path("paths").path(template).path(method.toLowerCase()).path("responses");
        assertThat(responses.isMissingNode())
                .as("the document describes %s %s", method, template)
                .isFalse();
        JsonNode content = responses.path(String.valueOf(status)).path("content");
        assertThat(content.isMissingNode())
                .as(
                        "the document lists status %d of %s %s: %s",
                        status,
                        method,
                        template,
                        responses.properties().stream().map(e -> e.getKey()).toList())
                .isFalse();
        JsonNode schema = content.has(type)
                ? content.path(type).path("schema")
                : content.path("*/*").path("schema");
        assertThat(schema.isMissingNode())
                .as("a schema for %s in %s", type, content)
                .isFalse();
        Set<String> errors = validate(schema, json.readTree(answer.body()));
        assertThat(errors)
                .as("%s %s: the answer against the document's schema\n%s", method, path, answer.body())
                .isEmpty();
    }

    /** The alert cases above only see the fields a small rule fills; the record names every one. */
    @org.junit.jupiter.api.Test
    void theAlertSchemaNamesEveryFieldTheAlertRecordWrites() {
        JsonNode properties =
                document.path("components").path("schemas").path("Alert").path("properties");
        List<String> written = Stream.of(io.verdict.engine.Alert.class.getRecordComponents())
                .filter(c -> !c.getAccessor().isAnnotationPresent(com.fasterxml.jackson.annotation.JsonIgnore.class))
                .map(c -> c.getName().replaceAll("([A-Z])", "_$1").toLowerCase())
                .toList();
        assertThat(names(properties)).containsAll(written).contains("explanation");
        assertThat(properties.path("id").path("type").asText()).isEqualTo("string");
    }

    @org.junit.jupiter.api.Test
    void theKibanaAlertSchemaRefusesAKibanaFieldItDoesNotListAndTakesTheEventsOwnFields() throws Exception {
        JsonNode schema = json.readTree("{\"$ref\": \"#/components/schemas/KibanaAlert\"}");
        String alert = "{\"@timestamp\": \"2026-11-27T10:00:00Z\", \"kibana.alert.uuid\": \"a\","
                + " \"kibana.alert.rule.rule_id\": \"r\", \"kibana.alert.rule.name\": \"n\", \"host\": {\"name\": \"h\"}%s}";
        assertThat(validate(schema, json.readTree(alert.formatted("")))).isEmpty();
        assertThat(validate(schema, json.readTree(alert.formatted(", \"kibana.alert.new_field\": 1"))))
                .isNotEmpty();
        assertThat(validate(schema, json.readTree(alert.formatted(", \"kibana.alert.risk_score\": \"high\""))))
                .isNotEmpty();
    }

    /** Each operation's problem answers come from one table: an operation it leaves out is a decision not made. */
    @org.junit.jupiter.api.Test
    void everyOperationHasItsProblemAnswersInTheTableAndTheTableNamesNoOtherOperation() {
        Set<String> documented = new TreeSet<>();
        document.path("paths")
                .properties()
                .forEach(path -> path.getValue()
                        .properties()
                        .forEach(method -> documented.add(method.getKey().toUpperCase() + " " + path.getKey())));
        Set<String> tabled = new TreeSet<>();
        io.verdict.config.openapi.ProblemAnswers.table().forEach(answer -> tabled.add(answer.operation()));
        assertThat(tabled).isEqualTo(documented);
    }

    @org.junit.jupiter.api.Test
    void everyProblemAnswerHasTheProblemSchemaAndAnExampleValidAgainstIt() {
        List<String> bad = new ArrayList<>();
        document.path("paths")
                .properties()
                .forEach(path -> path.getValue()
                        .properties()
                        .forEach(method -> method.getValue()
                                .path("responses")
                                .properties()
                                .forEach(response -> {
                                    if (response.getKey().startsWith("2")) {
                                        return;
                                    }
                                    String at = method.getKey() + " " + path.getKey() + " " + response.getKey();
                                    JsonNode media =
                                            response.getValue().path("content").path("application/problem+json");
                                    if (!media.path("schema")
                                                    .path("$ref")
                                                    .asText()
                                                    .equals("#/components/schemas/Problem")
                                            || media.path("examples").isEmpty()) {
                                        bad.add(at + ": no problem schema or example");
                                    }
                                    media.path("examples").forEach(example -> {
                                        if (example.path("value").path("status").asInt()
                                                != Integer.parseInt(response.getKey())) {
                                            bad.add(at + ": an example of status "
                                                    + example.path("value").path("status"));
                                        }
                                        validate(media.path("schema"), example.path("value"))
                                                .forEach(m -> bad.add(at + ": " + m));
                                    });
                                })));
        assertThat(bad).isEmpty();
    }

    /** Reads are protected here (the default): every operation needs a key, with the scope the rules say. */
    @org.junit.jupiter.api.Test
    void withReadsProtectedEveryOperationNeedsAKeyWithItsScope() {
        assertThat(document.has("security")).isFalse();
        JsonNode paths = document.path("paths");
        assertThat(paths.path("/api/v1/rules")
                        .path("get")
                        .path("x-verdict-scope")
                        .asText())
                .isEqualTo("read");
        assertThat(paths.path("/api/v1/evaluate")
                        .path("post")
                        .path("x-verdict-scope")
                        .asText())
                .isEqualTo("read");
        assertThat(paths.path("/api/v1/rules/_validate")
                        .path("post")
                        .path("x-verdict-scope")
                        .asText())
                .isEqualTo("read");
        assertThat(paths.path("/api/v1/rules")
                        .path("post")
                        .path("x-verdict-scope")
                        .asText())
                .isEqualTo("write");
        assertThat(paths.path("/api/v1/rules/_reload")
                        .path("post")
                        .path("security")
                        .toString())
                .isEqualTo("[{\"apiKey\":[]}]");
        assertThat(paths.path("/api/v1/rules").path("get").path("responses").has("401"))
                .isTrue();
    }

    /** Swagger UI shows a tag's operations in the order of the paths: the order of use, pinned. */
    @org.junit.jupiter.api.Test
    void operationsComeInTheOrderOfUse() {
        assertThat(names(document.path("paths"))).isEqualTo(io.verdict.config.openapi.OperationOrder.PATHS);
        List<String> evaluate = new ArrayList<>();
        List<String> lifecycle = new ArrayList<>();
        document.path("paths")
                .properties()
                .forEach(path -> path.getValue().properties().forEach(method -> {
                    String tag = method.getValue().path("tags").path(0).asText();
                    String operation = method.getKey().toUpperCase() + " " + path.getKey();
                    if (tag.equals("Evaluate")) {
                        evaluate.add(operation);
                    } else if (tag.equals("Rule lifecycle")) {
                        lifecycle.add(operation);
                    }
                }));
        assertThat(evaluate).containsExactly("POST /api/v1/evaluate", "POST /api/v1/evaluate/_batch");
        assertThat(lifecycle.get(0)).isEqualTo("POST /api/v1/rules");
        assertThat(lifecycle.get(lifecycle.size() - 1)).isEqualTo("POST /api/v1/rules/_reload");
    }

    @org.junit.jupiter.api.Test
    void noAnswerIsOfAnyMediaTypeAndNoProblemExampleNamesAnotherOperation() {
        document.path("paths")
                .properties()
                .forEach(path -> path.getValue()
                        .properties()
                        .forEach(method -> method.getValue()
                                .path("responses")
                                .properties()
                                .forEach(response -> {
                                    assertThat(response.getValue()
                                                    .path("content")
                                                    .has("*/*"))
                                            .as(method.getKey() + " " + path.getKey() + " " + response.getKey())
                                            .isFalse();
                                    response.getValue()
                                            .path("content")
                                            .path("application/problem+json")
                                            .path("examples")
                                            .forEach(example -> {
                                                if (example.path("value").has("instance")) {
                                                    assertThat(example.path("value")
                                                                    .path("instance")
                                                                    .asText())
                                                            .as(method.getKey() + " " + path.getKey())
                                                            .isEqualTo(path.getKey());
                                                }
                                            });
                                })));
    }

    @org.junit.jupiter.api.Test
    void everyOperationHasTheIdOfTheTableAndNoIdRepeats() {
        java.util.Map<String, String> ids = new java.util.TreeMap<>();
        document.path("paths")
                .properties()
                .forEach(path -> path.getValue()
                        .properties()
                        .forEach(method -> ids.put(
                                method.getKey().toUpperCase() + " " + path.getKey(),
                                method.getValue().path("operationId").asText())));
        assertThat(ids).isEqualTo(new java.util.TreeMap<>(io.verdict.config.openapi.OperationIds.IDS));
        assertThat(new java.util.HashSet<>(ids.values())).hasSameSizeAs(ids.values());
    }

    @org.junit.jupiter.api.Test
    void theCheckRejectsAFieldTheDocumentDoesNotDescribeAndAWrongType() throws Exception {
        JsonNode schema = json.readTree("{\"$ref\": \"#/components/schemas/EvaluateResponse\"}");
        assertThat(validate(schema, json.readTree("{\"matched\": true, \"evaluatedRules\": 1}")))
                .isNotEmpty();
        assertThat(validate(schema, json.readTree("{\"matched\": \"yes\"}"))).isNotEmpty();
        assertThat(validate(schema, json.readTree("{\"matched\": true, \"evaluated_rules\": 1}")))
                .isEmpty();
    }

    /**
     * {@code instance} against {@code schema}, whose references point into the document's components. Every object
     * schema that lists properties is closed (no property it does not list), so a field the wire writes and the
     * document does not describe, such as a camelCase name beside a snake_case one, fails.
     */
    Set<String> validate(JsonNode schema, JsonNode instance) {
        ObjectNode root = json.createObjectNode();
        JsonNode components = document.path("components").deepCopy();
        close(components.path("schemas"));
        root.set("components", components);
        schema.properties().forEach(e -> root.set(e.getKey(), e.getValue().deepCopy()));
        close(root);
        JsonSchema compiled =
                JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(root);
        Set<String> messages = new TreeSet<>();
        for (ValidationMessage message : compiled.validate(instance)) {
            messages.add(message.getMessage());
        }
        return messages;
    }

    /** Closes every object schema under {@code node} that lists its properties. */
    static void close(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.has("properties")
                    && !object.has("additionalProperties")
                    && !object.has("unevaluatedProperties")) {
                object.put("unevaluatedProperties", false);
            }
        }
        if (node.isContainerNode()) {
            node.forEach(ApiContractTest::close);
        }
    }

    HttpResponse<String> send(String method, String path, String contentType, String body)
            throws IOException, InterruptedException {
        // a fragment picks the caller: #no-key sends none, #read-key the key with the read scope only; or the Accept
        String key = path.endsWith("#no-key") ? null : path.endsWith("#read-key") ? READER : KEY;
        String accept =
                path.contains("#accept=") ? path.substring(path.indexOf("#accept=") + "#accept=".length()) : null;
        path = path.replaceFirst("#.*$", "");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (key != null) {
            request.header("X-API-Key", key);
        }
        request.method(
                method,
                body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (accept != null) {
            request.header("Accept", accept);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static List<String> names(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.properties().forEach(e -> out.add(e.getKey()));
        return out;
    }
}
