package io.verdict.config.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The problems each operation answers, from {@code openapi/answers.tsv} (what the controllers, the problem handler
 * and the readiness gate really answer, operation by operation) with an example each from
 * {@code openapi/problems.json}: the listed error statuses replace whatever the annotations said, so a status the
 * operation can never answer is not in the document either. 406 is every operation's (an Accept it cannot answer);
 * 401 and 403 are added where a key is needed ({@link OperationSecurity}).
 */
public final class ProblemAnswers {

    public static final String PROBLEM = "application/problem+json";
    static final String TABLE = "/openapi/answers.tsv";
    static final String EXAMPLES = "/openapi/problems.json";

    /** One line of the table. */
    public record Answer(String operation, String status, List<String> examples, String description) {}

    private final Map<String, List<Answer>> byOperation = new LinkedHashMap<>();
    private final JsonNode examples;

    public ProblemAnswers() {
        for (Answer answer : table()) {
            byOperation
                    .computeIfAbsent(answer.operation(), k -> new ArrayList<>())
                    .add(answer);
        }
        try (InputStream in = ProblemAnswers.class.getResourceAsStream(EXAMPLES)) {
            examples = Json.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The table's lines, in order. */
    public static List<Answer> table() {
        List<Answer> answers = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(ProblemAnswers.class.getResourceAsStream(TABLE), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cells = line.split("\t");
                answers.add(new Answer(cells[0], cells[1], List.of(cells[2].split(",")), cells[3]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return answers;
    }

    public void addTo(OpenAPI api) {
        api.getComponents().addSchemas("Problem", schema());
        if (api.getPaths() == null) {
            return;
        }
        api.getPaths()
                .forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                    if (path.startsWith("/api/") && operation.getResponses() != null) {
                        answer(path, operation, byOperation.getOrDefault(method.name() + " " + path, List.of()));
                    }
                }));
    }

    private void answer(String path, Operation operation, List<Answer> answers) {
        ApiResponses responses = operation.getResponses();
        responses.keySet().removeIf(status -> status.startsWith("4") || status.startsWith("5"));
        for (Answer answer : answers) {
            responses.addApiResponse(
                    answer.status(), problem(answer.description(), answer.examples(), path, operation));
        }
        responses.addApiResponse(
                "406",
                problem(
                        "the Accept header asks for a type the operation does not answer",
                        List.of("not-acceptable"),
                        path,
                        operation));
        sort(operation);
    }

    /** The operation's answers in status order, as a reader scans them. */
    static void sort(Operation operation) {
        ApiResponses responses = operation.getResponses();
        ApiResponses sorted = new ApiResponses();
        responses.keySet().stream().sorted().forEach(status -> sorted.addApiResponse(status, responses.get(status)));
        operation.setResponses(sorted);
    }

    ApiResponse problem(String description, List<String> names) {
        return problem(description, names, null, null);
    }

    /** The named examples, each as the operation at {@code path} would answer it (null: as written). */
    ApiResponse problem(String description, List<String> names, String path, Operation operation) {
        MediaType media = new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem"));
        for (String name : names) {
            JsonNode value = examples.get(name);
            if (value == null) {
                throw new IllegalStateException("no problem example named " + name + " in " + EXAMPLES);
            }
            JsonNode shown = path == null ? value : asAnsweredBy(name, (ObjectNode) value.deepCopy(), path, operation);
            media.addExamples(
                    name, new Example().summary(value.path("title").asText()).value(shown));
        }
        return new ApiResponse().description(description).content(new Content().addMediaType(PROBLEM, media));
    }

    /**
     * An example as this operation gives it: its own path as the instance and, for an unknown parameter, its own
     * query parameters as the allowed ones, so no operation shows another's answer.
     */
    private static JsonNode asAnsweredBy(String name, ObjectNode example, String path, Operation operation) {
        if (example.has("instance")) {
            example.put("instance", path);
        }
        if (name.equals("unknown-parameter")) {
            List<String> allowed = operation.getParameters() == null
                    ? List.of()
                    : operation.getParameters().stream()
                            .filter(p -> "query".equals(p.getIn()))
                            .map(p -> p.getName())
                            .toList();
            ArrayNode list = example.putArray("allowed");
            allowed.forEach(list::add);
            example.put(
                    "detail",
                    "Unknown query parameter 'formt'"
                            + (allowed.isEmpty()
                                    ? ": this endpoint takes no query parameters."
                                    : ": this endpoint takes " + String.join(", ", allowed) + "."));
        }
        return example;
    }

    // RFC 9457 members, and the extension members Verdict's problems carry; other extensions are allowed
    static Schema<?> schema() {
        Schema<Object> schema = new ObjectSchema();
        schema.description("An RFC 9457 problem: what went wrong, and where");
        schema.addProperty("type", new StringSchema().description("urn:verdict:problem:<kind>"));
        schema.addProperty("title", new StringSchema());
        schema.addProperty("status", new IntegerSchema());
        schema.addProperty("detail", new StringSchema());
        schema.addProperty("instance", new StringSchema());
        schema.addProperty("line", new IntegerSchema().description("where in the body or rule file"));
        schema.addProperty("column", new IntegerSchema());
        schema.addProperty(
                "errors",
                new ArraySchema()
                        .items(new Schema<>())
                        .description(
                                "every problem: of a rule file {file, line, column, message, source}, of a parameter"
                                        + " {parameter, value, message}"));
        schema.addProperty("rule_id", new StringSchema());
        schema.addProperty("rule_ids", new ArraySchema().items(new StringSchema()));
        schema.addProperty("parameter", new StringSchema());
        schema.addProperty("value", new StringSchema());
        schema.addProperty(
                "allowed",
                new ArraySchema()
                        .items(new StringSchema())
                        .description("the values, or the query parameters, the operation takes"));
        schema.addProperty(
                "unknown",
                new Schema<>()
                        .description("what was not known: the query parameters (a list),"
                                + " or per selection parameter (rule_id, tag, type) its unknown values"));
        schema.addProperty(
                "allowed_types",
                new ArraySchema().items(new StringSchema()).description("the rule types a selection may name"));
        schema.addProperty(
                "accepted_types",
                new ArraySchema().items(new StringSchema()).description("415: the content types the operation reads"));
        schema.addProperty(
                "produced_types",
                new ArraySchema()
                        .items(new StringSchema())
                        .description("406: the content types the operation answers"));
        schema.addProperty("scope", new StringSchema().description("401, 403: the scope the call needs"));
        schema.addProperty(
                "allowed_methods",
                new ArraySchema().items(new StringSchema()).description("405: the methods the path takes"));
        schema.additionalProperties(Boolean.TRUE);
        return schema;
    }
}
