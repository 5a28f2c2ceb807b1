package io.verdict.config.openapi;

import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MapSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import java.util.List;

/**
 * One line of a batch answered as NDJSON ({@code Accept: application/x-ndjson}): an {@code alert} line per alert as
 * it is found, an {@code error} line per bad item or failed rule, and a closing {@code summary} line.
 */
public final class BatchLineSchema {

    static final String NAME = "BatchLine";

    private BatchLineSchema() {}

    /** Adds the schema to the components. */
    public static void addTo(io.swagger.v3.oas.models.OpenAPI api) {
        api.getComponents().addSchemas(NAME, build());
    }

    static Schema<?> build() {
        Schema<Object> schema = new ObjectSchema();
        schema.description("A line of a streamed batch answer: type alert (with alert), error (with message) or"
                + " summary (with the counts); index names an event of a JSON array (0-based), line one of NDJSON"
                + " (1-based)");
        schema.addProperty("type", new StringSchema()._enum(List.of("alert", "error", "summary")));
        schema.addProperty("index", new IntegerSchema());
        schema.addProperty("line", new IntegerSchema());
        schema.addProperty("column", new IntegerSchema());
        schema.addProperty("rule_id", new StringSchema());
        schema.addProperty("alert", AlertSchemas.oneAlert());
        schema.addProperty("message", new StringSchema());
        schema.addProperty("items", new IntegerSchema());
        schema.addProperty("events", new IntegerSchema());
        schema.addProperty("matched_events", new IntegerSchema());
        schema.addProperty("alerts", new IntegerSchema());
        schema.addProperty("evaluating_rules", new IntegerSchema());
        schema.addProperty("skipped_rules", new MapSchema().additionalProperties(new IntegerSchema()));
        schema.addProperty("not_routed", new IntegerSchema().format("int64"));
        schema.addProperty("errors", new IntegerSchema());
        schema.addProperty("notices", new ArraySchema().items(new StringSchema()));
        schema.required(List.of("type"));
        return schema;
    }
}
