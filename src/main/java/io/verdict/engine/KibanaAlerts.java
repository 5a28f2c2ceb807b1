package io.verdict.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.verdict.event.Event;
import io.verdict.rule.Rule;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An {@link Alert} as a Kibana detection-alert document ({@code .alerts-security.alerts-*}, rule-format.md §5), so
 * that playbooks written for Elastic alerts read it unchanged: the source event's fields, {@code event.kind}
 * overwritten with {@code signal}, its {@code event.*} copied under {@code kibana.alert.original_event}, and the
 * {@code kibana.alert.*} fields with dotted names as Kibana stores them.
 */
public final class KibanaAlerts {

    private static final String SPACE = "default";

    private KibanaAlerts() {
    }

    /** The Kibana rule id Verdict uses for a rule_id: stable across restarts and machines. */
    public static String ruleUuid(String ruleId) {
        return UUID.nameUUIDFromBytes(("verdict-rule:" + ruleId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The document of an alert, built from the event it was built from (see {@link KibanaLineage}). */
    public static ObjectNode document(Alert alert, Rule rule, Instant now) {
        KibanaLineage lineage = KibanaLineage.of(alert, ruleUuid(rule.ruleId()), now);
        return document(alert, rule, lineage.source(), lineage, now);
    }

    /** The document of an alert with the given source event and lineage (ids, ancestors, depth, group). */
    public static ObjectNode document(Alert alert, Rule rule, Event event, KibanaLineage lineage, Instant now) {
        ObjectNode doc = (ObjectNode) event.root().deepCopy();
        doc.remove("_index");
        doc.remove("_id");
        ObjectNode originalEvent = doc.objectNode();
        JsonNode sourceEvent = event.root().get("event");
        if (sourceEvent != null && sourceEvent.isObject()) {
            originalEvent.setAll((ObjectNode) sourceEvent.deepCopy());
        }
        event.root().properties().forEach(e -> {
            if (e.getKey().startsWith("event.")) {
                originalEvent.set(e.getKey().substring("event.".length()), e.getValue().deepCopy());
                doc.remove(e.getKey());
            }
        });
        ObjectNode eventField = doc.has("event") && doc.get("event").isObject() ? (ObjectNode) doc.get("event") : doc.putObject("event");
        eventField.put("kind", "signal");

        String ruleUuid = ruleUuid(rule.ruleId());
        Map<String, Object> k = new LinkedHashMap<>();
        k.put("@timestamp", now.toString());
        k.put("kibana.alert.uuid", lineage.uuid());
        k.put("kibana.alert.status", "active");
        k.put("kibana.alert.workflow_status", "open");
        k.put("kibana.alert.workflow_tags", List.of());
        k.put("kibana.alert.workflow_assignee_ids", List.of());
        k.put("kibana.alert.depth", lineage.depth());
        k.put("kibana.alert.ancestors", lineage.ancestors());
        k.put("kibana.alert.original_time", lineage.originalTime() != null ? lineage.originalTime() : alert.timestamp());
        k.put("kibana.alert.reason", lineage.reason() != null ? lineage.reason() : alert.reason());
        k.put("kibana.alert.severity", alert.severity());
        k.put("kibana.alert.risk_score", alert.riskScore());
        if (alert.rule().buildingBlock()) {
            k.put("kibana.alert.building_block_type", "default");
        }
        if (lineage.groupId() != null) {
            k.put("kibana.alert.group.id", lineage.groupId());
            if (lineage.groupIndex() != null) {
                k.put("kibana.alert.group.index", lineage.groupIndex());
            }
        }
        if (alert.thresholdResult() != null) {
            k.put("kibana.alert.threshold_result", alert.thresholdResult());
        }
        if (alert.newTerms() != null) {
            k.put("kibana.alert.new_terms", alert.newTerms());
        }
        k.put("kibana.alert.rule.uuid", ruleUuid);
        k.put("kibana.alert.rule.rule_id", rule.ruleId());
        k.put("kibana.alert.rule.name", alert.rule().name());
        k.put("kibana.alert.rule.description", rule.description());
        k.put("kibana.alert.rule.type", rule.type().id());
        k.put("kibana.alert.rule.rule_type_id", "siem." + ruleTypeId(rule));
        k.put("kibana.alert.rule.category", category(rule));
        k.put("kibana.alert.rule.consumer", "siem");
        k.put("kibana.alert.rule.producer", "siem");
        k.put("kibana.alert.rule.author", rule.author());
        k.put("kibana.alert.rule.tags", rule.tags());
        k.put("kibana.alert.rule.references", rule.references());
        k.put("kibana.alert.rule.false_positives", rule.falsePositives());
        k.put("kibana.alert.rule.license", rule.license());
        k.put("kibana.alert.rule.from", rule.schedule().fromOrDefault());
        k.put("kibana.alert.rule.to", rule.schedule().toOrDefault());
        k.put("kibana.alert.rule.interval", rule.schedule().intervalOrDefault());
        k.put("kibana.alert.rule.max_signals", rule.alert().maxSignals() == null ? 100 : rule.alert().maxSignals());
        k.put("kibana.alert.rule.severity", rule.severity().id());
        k.put("kibana.alert.rule.risk_score", rule.riskScore());
        k.put("kibana.alert.rule.note", alert.note());
        k.put("kibana.alert.rule.threat", rule.threat());
        k.put("kibana.alert.rule.timestamp_override", rule.alert().timestampOverride());
        k.put("kibana.alert.rule.rule_name_override", rule.alert().ruleNameOverride());
        k.put("kibana.alert.rule.immutable", false);
        k.put("kibana.alert.rule.enabled", !Boolean.FALSE.equals(rule.schedule().enabled()));
        k.put("kibana.alert.rule.revision", 0);
        k.put("kibana.alert.rule.parameters", parameters(rule));
        k.put("kibana.space_ids", List.of(SPACE));
        k.forEach((key, value) -> {
            if (value != null) {
                doc.set(key, doc.pojoNode(value));
            }
        });
        doc.set("kibana.alert.original_event", originalEvent);
        return doc;
    }

    private static Map<String, Object> parameters(Rule rule) {
        Map<String, Object> p = new LinkedHashMap<>();
        if (rule.query() != null) {
            p.put("language", rule.query().language() == null ? null : rule.query().language().id());
            p.put("query", rule.query().text() == null ? null : rule.query().text().text());
            p.put("index", rule.query().index());
            p.put("filters", rule.query().filters());
        }
        p.put("severity_mapping", rule.alert().severityMapping());
        p.put("risk_score_mapping", rule.alert().riskScoreMapping());
        p.values().removeIf(v -> v == null);
        return p;
    }

    private static String ruleTypeId(Rule rule) {
        return switch (rule.type()) {
            case EQL -> "eqlRule";
            case ESQL -> "esqlRule";
            case QUERY, SAVED_QUERY -> "queryRule";
            case THRESHOLD -> "thresholdRule";
            case THREAT_MATCH -> "indicatorRule";
            case NEW_TERMS -> "newTermsRule";
            case MACHINE_LEARNING -> "mlRule";
        };
    }

    private static String category(Rule rule) {
        return switch (rule.type()) {
            case EQL -> "Event Correlation Rule";
            case ESQL -> "ES|QL Rule";
            case QUERY, SAVED_QUERY -> "Custom Query Rule";
            case THRESHOLD -> "Threshold Rule";
            case THREAT_MATCH -> "Indicator Match Rule";
            case NEW_TERMS -> "New Terms Rule";
            case MACHINE_LEARNING -> "Machine Learning Rule";
        };
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
