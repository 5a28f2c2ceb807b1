package io.verdict.config.openapi;

import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A working example of every request body ({@code openapi/requests.tsv}, the bodies under
 * {@code openapi/examples/}): the rule they upload is the one the path examples name, so that Swagger UI's "Try it
 * out" and a generated client's documentation send what the service takes. A body the controller reads from the
 * raw request (a batch, history to learn) gets its request body here, one media type per accepted framing.
 */
public final class RequestExamples {

    static final String TABLE = "/openapi/requests.tsv";
    static final String FOLDER = "/openapi/examples/";
    /** The rule of the examples (examples/rule.toml) and its exception item (examples/exception-item.json). */
    public static final Map<String, String> PATH_EXAMPLES =
            Map.of("rule_id", "8f3c1a62-4b7e-4d0a-9c55-2f6b1e0d7a10", "item_id", "sanctioned-backup-host");

    /** One line of the table. */
    public record Request(String operation, String mediaType, String name, String file, String summary) {}

    public static List<Request> table() {
        List<Request> requests = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(RequestExamples.class.getResourceAsStream(TABLE), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] cells = line.split("\t");
                    requests.add(new Request(cells[0], cells[1], cells[2], cells[3], cells[4]));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return requests;
    }

    public void addTo(OpenAPI api) {
        if (api.getPaths() == null) {
            return;
        }
        for (Request request : table()) {
            String[] operation = request.operation().split(" ", 2);
            PathItem item = api.getPaths().get(operation[1]);
            Operation target =
                    item == null ? null : item.readOperationsMap().get(PathItem.HttpMethod.valueOf(operation[0]));
            if (target == null) {
                throw new IllegalStateException(
                        TABLE + " names " + request.operation() + ", which the API does not have");
            }
            if (target.getRequestBody() == null) {
                target.setRequestBody(new RequestBody().required(true).content(new Content()));
            }
            Content content = target.getRequestBody().getContent();
            MediaType media =
                    content.computeIfAbsent(request.mediaType(), type -> new MediaType().schema(schema(type)));
            if (media.getSchema() == null) {
                // an annotation that gave the body an example only: the text it is
                media.setSchema(new StringSchema().description(request.summary()));
            }
            // the table's examples stand instead of an annotation's single one
            media.setExample(null);
            media.setExampleSetFlag(false);
            media.addExamples(
                    request.name(), new Example().summary(request.summary()).value(value(request)));
        }
        api.getPaths().values().forEach(item -> item.readOperations().forEach(RequestExamples::examplePathVariables));
    }

    /** JSON as JSON (so that Swagger UI shows it as such), any other body as its text. */
    private static Object value(Request request) {
        String text = text(request.file());
        if (request.mediaType().equals("application/json")) {
            try {
                return Json.mapper().readTree(text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return text;
    }

    public static String text(String file) {
        try (InputStream in = RequestExamples.class.getResourceAsStream(FOLDER + file)) {
            if (in == null) {
                throw new IllegalStateException("no example " + FOLDER + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Schema<?> schema(String mediaType) {
        if (mediaType.equals("application/json")) {
            return new ArraySchema()
                    .items(new ObjectSchema().description("an ECS event"))
                    .description("events, a JSON array");
        }
        return new StringSchema().description("events, one JSON object a line");
    }

    private static void examplePathVariables(Operation operation) {
        if (operation.getParameters() != null) {
            operation.getParameters().forEach(parameter -> {
                if ("path".equals(parameter.getIn()) && PATH_EXAMPLES.containsKey(parameter.getName())) {
                    parameter.setExample(PATH_EXAMPLES.get(parameter.getName()));
                }
            });
        }
    }
}
