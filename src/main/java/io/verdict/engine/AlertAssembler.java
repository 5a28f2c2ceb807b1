package io.verdict.engine;

import io.verdict.event.Event;
import io.verdict.event.FieldPath;
import io.verdict.rule.Rule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** Builds the {@link Alert} of a compiled rule that matched an event. */
final class AlertAssembler {

    private static final FieldPath TIMESTAMP = FieldPath.of("@timestamp");
    /** Paths of the fields guides name in placeholders: rules are few, so they are split once, not per alert. */
    private static final Map<String, FieldPath> PLACEHOLDER_FIELDS = new ConcurrentHashMap<>();

    private static final int MAX_PLACEHOLDER_FIELDS = 10_000;

    private AlertAssembler() {}

    static Alert assemble(CompiledRule compiled, Event event, boolean includeEvent) {
        Rule rule = compiled.rule();
        AlertOverrides overrides = compiled.overrides();
        String severity = overrides.severity(rule, event).id();
        String name = overrides.name(rule, event);
        Alert.AlertRule about = new Alert.AlertRule(
                rule.ruleId(),
                name,
                rule.description(),
                rule.type().id(),
                rule.language().map(l -> l.id()).orElse(null),
                rule.tags(),
                rule.references(),
                rule.author(),
                rule.alert().buildingBlock());
        JsonNode timestamp = event.firstValue(TIMESTAMP);
        return new Alert(
                new AlertId(rule.ruleId(), event, null),
                about,
                severity,
                overrides.riskScore(rule, event),
                rule.threat(),
                overrides.tactics(),
                overrides.techniques(),
                overrides.guide().render(field -> firstText(event, field)),
                rule.setup(),
                ReasonSentence.of(event, severity, name),
                timestamp == null ? null : timestamp.asString(),
                evidence(compiled.evidence(), event),
                AlertEntities.of(event),
                includeEvent ? event.root() : null,
                null,
                null,
                null,
                null,
                overrides.quotedGuide());
    }

    private static Map<String, JsonNode> evidence(List<FieldPath> fields, Event event) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (FieldPath field : fields) {
            List<JsonNode> values = event.values(field);
            if (values.size() == 1) {
                out.put(field.name(), values.get(0));
            } else if (!values.isEmpty()) {
                out.put(field.name(), JsonNodeFactory.instance.arrayNode().addAll(values));
            }
        }
        return out;
    }

    private static Optional<String> firstText(Event event, String field) {
        FieldPath path = PLACEHOLDER_FIELDS.get(field);
        if (path == null) {
            path = FieldPath.of(field);
            if (PLACEHOLDER_FIELDS.size() < MAX_PLACEHOLDER_FIELDS) {
                PLACEHOLDER_FIELDS.putIfAbsent(field, path);
            }
        }
        JsonNode value = event.firstValue(path);
        return value == null ? Optional.empty() : Optional.of(value.asString());
    }
}
