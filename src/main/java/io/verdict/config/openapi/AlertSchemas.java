package io.verdict.config.openapi;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.converter.ResolvedSchema;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.verdict.engine.Alert;
import io.verdict.explain.Clause;
import java.util.List;
import java.util.Map;

/**
 * The two shapes an alert takes on the wire, as named schemas a generated client types: {@code Alert}, the Verdict
 * alert (read from the engine's record, so a field added to it is in the document), and {@code KibanaAlert}, the
 * Kibana detection-alert document {@code format=kibana} answers. Every {@code alerts} array of an answer holds one
 * of them.
 */
public final class AlertSchemas {

    static final String ALERT = "Alert";
    static final String KIBANA_ALERT = "KibanaAlert";
    static final String CLAUSE = "Clause";

    private final ModelConverters converters;

    /** {@code converters}: the resolvers springdoc resolves the answers with (snake_case names). */
    public AlertSchemas(ModelConverters converters) {
        this.converters = converters;
    }

    /** Adds Alert, KibanaAlert and what they refer to, and types every {@code alerts} array of the answers. */
    public void addTo(OpenAPI api) {
        resolve(api, Alert.class, ALERT);
        resolve(api, Clause.class, CLAUSE);
        Schema<?> alert = api.getComponents().getSchemas().get(ALERT);
        alert.description("A rule matching an event: what a playbook acts on without another lookup");
        alert.required(List.of("id", "rule", "severity", "risk_score"));
        // AlertId writes its value (@JsonValue)
        alert.addProperty(
                "id",
                new StringSchema()
                        .description(
                                "stable for the same rule, event and group: a"
                                        + " SHA-256 hex of the rule id, the event and the group, as Kibana derives its alert uuid"));
        alert.addProperty(
                "explanation", ref(CLAUSE).description("with explain=true: the clause tree that made the rule match"));
        api.getComponents().addSchemas(KIBANA_ALERT, KibanaAlertSchema.build());
        api.getComponents().getSchemas().forEach((name, schema) -> typeAlerts(schema));
        AnyJson.untype(api);
    }

    private void resolve(OpenAPI api, Class<?> type, String name) {
        ResolvedSchema resolved = converters.resolveAsResolvedSchema(new AnnotatedType(type).resolveAsRef(false));
        Map<String, Schema> referenced = resolved.referencedSchemas;
        if (referenced != null) {
            referenced.forEach((key, value) -> api.getComponents().getSchemas().putIfAbsent(key, value));
        }
        api.getComponents().getSchemas().put(name, resolved.schema);
    }

    /**
     * An {@code alerts} property that is an array of anything becomes an array of Alert or KibanaAlert; an
     * {@code alert} property of any type (an alert of the feed) one of them.
     */
    private static void typeAlerts(Schema<?> schema) {
        if (schema.getProperties() == null) {
            return;
        }
        Schema<?> one = schema.getProperties().get("alert");
        if (one != null && one.get$ref() == null && one.getAnyOf() == null && one.getProperties() == null) {
            String description = one.getDescription();
            schema.getProperties().put("alert", oneAlert().description(description));
        }
        Schema<?> alerts = schema.getProperties().get("alerts");
        if (alerts != null && alerts.getItems() != null && alerts.getItems().get$ref() == null) {
            alerts.setItems(oneAlert());
        }
    }

    /**
     * The Verdict alert, or with {@code format=kibana} the Kibana alert document: anyOf, not oneOf. The two shapes
     * are disjoint for a validator, but a generated client does not check {@code required} and ignores unknown
     * members, so every alert would match both branches of a oneOf and the whole verdict fail to read.
     */
    public static Schema<?> oneAlert() {
        return new Schema<>().anyOf(List.of(ref(ALERT), ref(KIBANA_ALERT)));
    }

    static Schema<?> ref(String name) {
        return new Schema<>().$ref("#/components/schemas/" + name);
    }
}
