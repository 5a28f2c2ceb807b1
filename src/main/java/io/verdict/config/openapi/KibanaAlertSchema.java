package io.verdict.config.openapi;

import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * The Kibana detection-alert document ({@code format=kibana}): the event's own fields, {@code event.kind}
 * {@code signal}, and flat {@code kibana.*} keys with dots in their names, as Kibana stores them. Every
 * {@code kibana.*} key the service writes is listed and typed (the copies of the event's {@code event.*} and
 * {@code data_stream.*} fields by their prefix); any other {@code kibana.*} name is refused, so the document cannot
 * fall behind what the wire sends; the event's other fields are any JSON.
 */
final class KibanaAlertSchema {

    private KibanaAlertSchema() {}

    static Schema<?> build() {
        Schema<Object> schema = new ObjectSchema();
        schema.description("A Kibana detection-alert document (.alerts-security.alerts-*), as format=kibana answers:"
                + " the event's own fields with event.kind = signal, and the kibana.* fields with dotted names");
        schema.addProperty("@timestamp", new StringSchema().format("date-time").description("when the alert was made"));
        schema.addProperty(
                "event.kind", new StringSchema()._enum(List.of("signal")).description("the alert's kind"));
        schema.addProperty(
                "event",
                new ObjectSchema()
                        .additionalProperties(Boolean.TRUE)
                        .description("the event's event fields, less its kind"));
        schema.addProperty(
                "kibana.version", text("the Kibana version the document stands in for (verdict.kibana.version)"));
        String alert = "kibana.alert.";
        schema.addProperty(alert + "uuid", text("the alert's id: the same for the same rule and event"));
        schema.addProperty(alert + "status", new StringSchema()._enum(List.of("active")));
        schema.addProperty(alert + "workflow_status", new StringSchema()._enum(List.of("open")));
        schema.addProperty(alert + "workflow_tags", strings());
        schema.addProperty(alert + "workflow_assignee_ids", strings());
        schema.addProperty(alert + "depth", new IntegerSchema());
        schema.addProperty(
                alert + "ancestors",
                new ArraySchema()
                        .items(new ObjectSchema()
                                .addProperty("id", new StringSchema())
                                .addProperty("index", new StringSchema())
                                .addProperty("type", new StringSchema())
                                .addProperty("depth", new IntegerSchema())
                                .addProperty("rule", new StringSchema())));
        schema.addProperty(alert + "original_time", text("the event's @timestamp"));
        for (String name : List.of("start", "last_detected", "intended_timestamp")) {
            schema.addProperty(alert + name, new StringSchema().format("date-time"));
        }
        schema.addProperty(alert + "url", text("Kibana's alert-details link, with verdict.kibana.base-url set"));
        schema.addProperty(alert + "reason", text("Kibana's reason sentence"));
        schema.addProperty(alert + "severity", text("after the rule's severity mappings"));
        schema.addProperty(
                alert + "risk_score", new IntegerSchema().description("after the rule's risk-score mapping"));
        schema.addProperty(alert + "building_block_type", new StringSchema()._enum(List.of("default")));
        schema.addProperty(alert + "group.id", text("the sequence the alert is part of"));
        schema.addProperty(alert + "group.index", new IntegerSchema().description("the alert's place in the sequence"));
        schema.addProperty(alert + "threshold_result", AlertSchemas.ref("ThresholdResult"));
        schema.addProperty(alert + "new_terms", strings());
        String rule = alert + "rule.";
        for (String name : List.of(
                "uuid",
                "rule_id",
                "name",
                "description",
                "type",
                "rule_type_id",
                "category",
                "consumer",
                "producer",
                "license",
                "from",
                "to",
                "interval",
                "severity",
                "note",
                "timestamp_override",
                "rule_name_override",
                "created_at",
                "updated_at",
                "created_by",
                "updated_by",
                "timeline_id",
                "timeline_title",
                "building_block_type",
                "execution.type")) {
            schema.addProperty(rule + name, new StringSchema());
        }
        for (String name : List.of("author", "tags", "references", "false_positives", "indices")) {
            schema.addProperty(rule + name, strings());
        }
        schema.addProperty(rule + "max_signals", new IntegerSchema());
        schema.addProperty(rule + "risk_score", new IntegerSchema());
        schema.addProperty(rule + "revision", new IntegerSchema());
        schema.addProperty(rule + "version", new IntegerSchema());
        schema.addProperty(rule + "actions", new ArraySchema().items(new Schema<>()));
        schema.addProperty(
                rule + "exceptions_list",
                new ArraySchema()
                        .items(new ObjectSchema()
                                .addProperty("id", new StringSchema())
                                .addProperty("list_id", new StringSchema())
                                .addProperty("namespace_type", new StringSchema())
                                .addProperty("type", new StringSchema())));
        schema.addProperty(rule + "severity_mapping", new ArraySchema().items(AlertSchemas.ref("SeverityMapping")));
        schema.addProperty(rule + "risk_score_mapping", new ArraySchema().items(AlertSchemas.ref("RiskScoreMapping")));
        schema.addProperty(rule + "immutable", new BooleanSchema());
        schema.addProperty(rule + "enabled", new BooleanSchema());
        schema.addProperty(rule + "threat", new ArraySchema().items(AlertSchemas.ref("Threat")));
        schema.addProperty(
                rule + "parameters",
                new ObjectSchema()
                        .addProperty("language", new StringSchema())
                        .addProperty("query", new StringSchema())
                        .addProperty("index", strings())
                        .addProperty("filters", new ArraySchema().items(new Schema<>()))
                        .addProperty("severity_mapping", new ArraySchema().items(AlertSchemas.ref("SeverityMapping")))
                        .addProperty(
                                "risk_score_mapping", new ArraySchema().items(AlertSchemas.ref("RiskScoreMapping")))
                        .additionalProperties(Boolean.TRUE)
                        .description(
                                "the rule's parameters as Kibana's rules API answers them: every type's, then its type's"));
        schema.addProperty("kibana.space_ids", strings());
        schema.addProperty(
                "verdict.explanation",
                AlertSchemas.ref(AlertSchemas.CLAUSE)
                        .description("with explain=true: the clause tree that made the rule match"));
        schema.required(List.of("@timestamp", alert + "uuid", rule + "rule_id", rule + "name"));
        // the event's other fields are anything; a kibana.* name not listed above is not
        List<Object> listed = new ArrayList<>(schema.getProperties().keySet());
        schema.propertyNames(new Schema<>()
                .anyOf(List.of(
                        new Schema<>().not(new StringSchema().pattern("^kibana\\.")),
                        new StringSchema().pattern("^kibana\\.alert\\.original_(event|data_stream)\\."),
                        new Schema<>()._enum(listed))));
        schema.additionalProperties(new Schema<>().description("the event's own fields"));
        return schema;
    }

    private static Schema<?> text(String description) {
        return new StringSchema().description(description);
    }

    private static Schema<?> strings() {
        return new ArraySchema().items(new StringSchema());
    }
}
