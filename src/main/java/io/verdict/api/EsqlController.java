package io.verdict.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.verdict.config.VerdictProperties;
import io.verdict.engine.EsqlQueries;
import io.verdict.esql.EsqlJson;
import io.verdict.esql.EsqlResult;
import io.verdict.event.Event;
import io.verdict.query.Problem;
import io.verdict.query.QueryException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Any ES|QL query over posted events, answered as Elasticsearch's {@code _query} answers. */
@RestController
@Tag(name = "ES|QL", description = "Try an ES|QL query over events")
class EsqlController {

    /** The most a JSON query body may hold: it is read whole, unlike a batch. */
    private static final long MAX_BODY = 64L << 20;

    private final EventReader reader;
    private final VerdictProperties.Evaluate limits;
    private final EsqlQueries queries;

    EsqlController(VerdictProperties properties, io.verdict.event.Schema schema, Clock clock) {
        this.queries = new EsqlQueries(schema, clock);
        this.limits = properties.evaluate();
        this.reader = new EventReader(limits);
    }

    /** A query and the events it runs over (JSON form). */
    record EsqlQueryRequest(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED)
            String query,

            List<Map<String, Object>> events) {}

    /** A column of the answer: its name and ES|QL type ({@code keyword}, {@code long}, {@code date} ...). */
    record ColumnView(String name, String type) {}

    /**
     * ES's {@code _query} answer: columns and rows of values; {@code warnings} as ES sends them in headers
     * (multivalues met by single-value functions, overflows), {@code notices} what Verdict adds (a {@code FROM}
     * naming none of the events' indices, a field no event holds).
     */
    record EsqlQueryResponse(
            List<ColumnView> columns,
            List<List<JsonNode>> values,
            int documents,
            List<String> warnings,
            List<String> notices) {}

    @PostMapping(
            path = "/api/v1/esql/_query",
            consumes = {
                MediaType.APPLICATION_JSON_VALUE,
                EvaluateController.NDJSON,
                EvaluateController.NDJSON_STANDARD,
                EvaluateController.JSONL
            })
    @Operation(
            summary = "Run an ES|QL query over events",
            description = """
            Runs any ES|QL query Verdict supports over the posted events, as Elasticsearch would over an index \
            holding them: JSON `{"query": "...", "events": [...]}`, or NDJSON events with the query in the `query` \
            parameter. `FROM` selects the events whose index (`_index`, else `data_stream.*`) its patterns name; an \
            event naming none is in every index. A field the field catalogue does not type takes the type of its \
            JSON values. Answers `columns`, `values` and ES's `warnings`, as `POST /_query` does.""",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content = {
                                @Content(
                                        mediaType = MediaType.APPLICATION_JSON_VALUE,
                                        schema = @Schema(implementation = EsqlQueryRequest.class)),
                                @Content(mediaType = EvaluateController.NDJSON, schema = @Schema(type = "object")),
                                @Content(
                                        mediaType = EvaluateController.NDJSON_STANDARD,
                                        schema = @Schema(type = "object")),
                                @Content(mediaType = EvaluateController.JSONL, schema = @Schema(type = "object"))
                            }))
    @ApiResponse(
            responseCode = "200",
            description = "the columns and rows",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = EsqlQueryResponse.class)))
    EsqlQueryResponse query(
            HttpServletRequest request,
            @Parameter(description = "the query, for an NDJSON body (a JSON body carries its own)")
                    @RequestParam(required = false)
                    String query)
            throws IOException {
        String text = query;
        List<Event> events = new ArrayList<>();
        if (EvaluateController.ndjson(request.getContentType())) {
            if (text == null || text.isBlank()) {
                throw new BadInputException(
                        HttpStatus.BAD_REQUEST,
                        "missing-query",
                        "An NDJSON body carries events" + " only: give the query in the 'query' parameter.",
                        null,
                        null);
            }
            List<String> rejected = new ArrayList<>();
            reader.ndjson(request.getInputStream(), item -> {
                if (item.event() == null) {
                    rejected.add(item.error());
                } else {
                    events.add(item.event());
                }
                return events.size() + rejected.size() <= limits.maxBatchEvents();
            });
            if (!rejected.isEmpty()) {
                throw new BadInputException(
                        HttpStatus.BAD_REQUEST,
                        "invalid-event",
                        rejected.get(0) + (rejected.size() > 1 ? " (and " + (rejected.size() - 1) + " more)" : ""),
                        null,
                        null);
            }
        } else {
            JsonNode body = reader.tree(
                    request.getInputStream(),
                    Math.min(MAX_BODY, limits.maxBatchSize().toBytes()));
            if (!body.isObject()) {
                throw new BadInputException(
                        HttpStatus.BAD_REQUEST,
                        "not-an-object",
                        "The body is a JSON " + body.getNodeType().name().toLowerCase()
                                + ": post {\"query\": \"...\", \"events\": [...]}.",
                        null,
                        null);
            }
            JsonNode q = body.get("query");
            if (text == null && (q == null || !q.isString() || q.stringValue().isBlank())) {
                throw new BadInputException(
                        HttpStatus.BAD_REQUEST,
                        "missing-query",
                        "The body has no 'query': post"
                                + " {\"query\": \"FROM logs-* | WHERE ...\", \"events\": [...]}.",
                        null,
                        null);
            }
            text = text != null ? text : q.stringValue();
            JsonNode posted = body.get("events");
            if (posted != null && !posted.isArray()) {
                throw new BadInputException(
                        HttpStatus.BAD_REQUEST,
                        "not-an-array",
                        "'events' must be an array of" + " ECS events (JSON objects).",
                        null,
                        null);
            }
            if (posted != null) {
                if (posted.size() > limits.maxBatchEvents()) {
                    throw BadInputException.tooLarge("The query's events are " + posted.size() + ", more than the"
                            + " limit of " + limits.maxBatchEvents() + " (verdict.evaluate.max-batch-events).");
                }
                for (int i = 0; i < posted.size(); i++) {
                    if (!posted.get(i).isObject()) {
                        throw new BadInputException(
                                HttpStatus.BAD_REQUEST,
                                "not-an-object",
                                "Event " + i + " is a JSON "
                                        + posted.get(i).getNodeType().name().toLowerCase() + ", not an object.",
                                null,
                                null);
                    }
                    events.add(Event.of(posted.get(i)));
                }
            }
        }
        EsqlQueries.Answer answer;
        try {
            answer = queries.run(text, events);
        } catch (QueryException e) {
            Problem first = e.problems().get(0);
            String more = e.problems().size() > 1
                    ? " (" + (e.problems().size() - 1) + " more: "
                            + e.problems().stream()
                                    .skip(1)
                                    .limit(5)
                                    .map(p -> p.line() + ":" + p.column() + " " + p.message())
                                    .collect(java.util.stream.Collectors.joining("; "))
                            + ")"
                    : "";
            throw new BadInputException(
                    HttpStatus.BAD_REQUEST,
                    "invalid-query",
                    "line " + first.line() + ", column " + first.column() + ": " + first.message() + more,
                    first.line(),
                    first.column());
        } catch (UnsupportedOperationException e) {
            throw new BadInputException(HttpStatus.BAD_REQUEST, "unsupported-command", e.getMessage(), null, null);
        }
        EsqlResult result = answer.result();
        List<ColumnView> columns = result.columns().stream()
                .map(c -> new ColumnView(c.name(), c.type().esName()))
                .toList();
        List<List<JsonNode>> values = new ArrayList<>(result.rows().size());
        for (List<Object> row : result.rows()) {
            values.add(row.stream().map(EsqlJson::of).toList());
        }
        return new EsqlQueryResponse(columns, values, answer.documents(), result.warnings(), answer.notices());
    }
}
