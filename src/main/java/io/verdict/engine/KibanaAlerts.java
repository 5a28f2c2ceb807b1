package io.verdict.engine;

import io.verdict.engine.state.ThresholdResult;
import io.verdict.event.Dates;
import io.verdict.event.Event;
import io.verdict.rule.Rule;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * An {@link Alert} as a Kibana detection-alert document ({@code .alerts-security.alerts-*}, rule-format.md §5), so
 * that playbooks written for Elastic alerts read it unchanged and the document indexes into Kibana's alerts index
 * as it is: the source event's fields less what Kibana removes ({@link KibanaSourceFilter}), {@code event.kind}
 * {@code signal}, the event's {@code event.*} and {@code data_stream.*} copied under
 * {@code kibana.alert.original_event.*} and {@code kibana.alert.original_data_stream.*}, and the {@code kibana.*}
 * fields with dotted names as Kibana stores them. A threshold alert holds only its group's fields and its
 * {@code threshold_result}, as Kibana's does. Timestamps are written to the millisecond, as Kibana writes them.
 */
public final class KibanaAlerts {

    private static final String SPACE = KibanaLineage.SPACE;
    private static final String ALERTS_INDEX = ".alerts-security.alerts-" + SPACE;
    private static final DateTimeFormatter MILLIS =
            new DateTimeFormatterBuilder().appendInstant(3).toFormatter();
    private static final DateTimeFormatter TOML_DATE = DateTimeFormatter.ofPattern("uuuu/MM/dd");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * What the documents say about the Kibana they stand in for.
     *
     * @param baseUrl       Kibana's public address: with it each alert has {@code kibana.alert.url}, as Kibana
     *                      writes it only when its own public base URL is configured; null or empty: no URL
     * @param kibanaVersion written as {@code kibana.version}
     */
    public record Settings(String baseUrl, String kibanaVersion) {

        /** The Kibana release the Elastic rules of the corpus target ({@code min_stack_version} 9.4.0 at most). */
        public static final String DEFAULT_KIBANA_VERSION = "9.4.0";

        public static final Settings DEFAULT = new Settings(null, DEFAULT_KIBANA_VERSION);
    }

    /** The uuid, ancestors and depth of an alert: where it comes from. */
    record Lineage(String uuid, List<Map<String, Object>> ancestors, int depth) {}

    private KibanaAlerts() {}

    /**
     * The Kibana rule id of a rule: the saved-object id Kibana gave it when it was imported from Kibana, so that its
     * alerts name the rule Kibana knows; else one derived from its rule_id.
     */
    public static String ruleUuid(Rule rule) {
        return rule.kibanaId() != null ? rule.kibanaId() : ruleUuid(rule.ruleId());
    }

    /** The Kibana rule id Verdict uses for a rule_id: stable across restarts and machines. */
    public static String ruleUuid(String ruleId) {
        return UUID.nameUUIDFromBytes(("verdict-rule:" + ruleId).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /** The document of an alert, built from the event it was built from (see {@link KibanaLineage}). */
    public static ObjectNode document(Alert alert, Rule rule, Instant now) {
        return document(alert, rule, now, Settings.DEFAULT);
    }

    public static ObjectNode document(Alert alert, Rule rule, Instant now, Settings settings) {
        KibanaLineage lineage = KibanaLineage.of(alert, ruleUuid(rule), now);
        return document(alert, rule, lineage.source(), lineage, now, settings);
    }

    /**
     * The document of an alert with the given source event and lineage: the alert's id, ancestors, depth and
     * sequence group, which for a threshold alert its group's document decides instead.
     */
    public static ObjectNode document(
            Alert alert, Rule rule, Event event, KibanaLineage lineage, Instant now, Settings settings) {
        String ruleUuid = ruleUuid(rule);
        Hit hit = alert.thresholdResult() != null ? thresholdHit(alert, rule) : eventHit(event);
        ObjectNode doc = hit.source();
        KibanaSourceFilter.filter(doc);
        Map<String, JsonNode> copies = originalCopies(doc);
        removeEventKind(doc);
        copies.forEach(doc::set);
        if (alert.threatEnrichments() != null) {
            addEnrichments(doc, alert.threatEnrichments());
        }

        boolean threshold = alert.thresholdResult() != null;
        Lineage group = threshold ? lineage(hit, ruleUuid) : null;
        String uuid = threshold ? group.uuid() : lineage.uuid();
        String timestamp = MILLIS.format(now);
        String reason = threshold
                ? ReasonSentence.of(
                        Event.of(doc), alert.severity(), alert.rule().name())
                : lineage.reason() != null ? lineage.reason() : alert.reason();
        Map<String, Object> k = new LinkedHashMap<>();
        k.put("kibana.version", settings.kibanaVersion());
        k.put("kibana.alert.start", timestamp);
        k.put("kibana.alert.last_detected", timestamp);
        k.put("@timestamp", timestamp);
        k.put("kibana.space_ids", List.of(SPACE));
        k.put("event.kind", "signal");
        k.put(
                "kibana.alert.original_time",
                millis(!threshold && lineage.originalTime() != null ? lineage.originalTime() : hit.originalTime()));
        k.put("kibana.alert.rule.consumer", "siem");
        k.put("kibana.alert.ancestors", threshold ? group.ancestors() : lineage.ancestors());
        k.put("kibana.alert.status", "active");
        k.put("kibana.alert.workflow_status", "open");
        k.put("kibana.alert.depth", threshold ? group.depth() : lineage.depth());
        k.put("kibana.alert.reason", reason);
        k.put("kibana.alert.building_block_type", alert.rule().buildingBlock() ? "default" : null);
        k.put("kibana.alert.severity", alert.severity());
        k.put("kibana.alert.risk_score", alert.riskScore());
        k.put("kibana.alert.rule.parameters", KibanaRuleParameters.of(rule, version(rule)));
        k.put("kibana.alert.rule.actions", List.of());
        k.put("kibana.alert.rule.author", rule.author());
        k.put(
                "kibana.alert.rule.created_at",
                ruleDate(rule.metadata() == null ? null : rule.metadata().creationDate()));
        k.put("kibana.alert.rule.created_by", "");
        k.put("kibana.alert.rule.description", rule.description());
        k.put("kibana.alert.rule.enabled", !Boolean.FALSE.equals(rule.schedule().enabled()));
        k.put("kibana.alert.rule.exceptions_list", KibanaRuleParameters.exceptionsList(rule.alert()));
        k.put("kibana.alert.rule.false_positives", rule.falsePositives());
        k.put("kibana.alert.rule.from", rule.schedule().fromOrDefault());
        k.put("kibana.alert.rule.immutable", false);
        k.put("kibana.alert.rule.interval", rule.schedule().intervalOrDefault());
        k.put("kibana.alert.rule.indices", indices(rule));
        k.put("kibana.alert.rule.license", rule.license());
        k.put("kibana.alert.rule.max_signals", KibanaRuleParameters.maxSignals(rule));
        k.put("kibana.alert.rule.name", alert.rule().name());
        k.put("kibana.alert.rule.note", alert.note());
        k.put("kibana.alert.rule.references", rule.references());
        k.put("kibana.alert.rule.risk_score_mapping", KibanaRuleParameters.riskScoreMapping(rule.alert()));
        k.put("kibana.alert.rule.rule_id", rule.ruleId());
        k.put("kibana.alert.rule.rule_name_override", rule.alert().ruleNameOverride());
        k.put("kibana.alert.rule.severity_mapping", KibanaRuleParameters.severityMapping(rule.alert()));
        k.put("kibana.alert.rule.tags", rule.tags());
        k.put("kibana.alert.rule.threat", KibanaRuleParameters.threat(rule.threat()));
        k.put("kibana.alert.rule.timeline_id", rule.alert().timelineId());
        k.put("kibana.alert.rule.timeline_title", rule.alert().timelineTitle());
        k.put("kibana.alert.rule.timestamp_override", rule.alert().timestampOverride());
        k.put("kibana.alert.rule.to", rule.schedule().toOrDefault());
        k.put("kibana.alert.rule.type", rule.type().id());
        k.put(
                "kibana.alert.rule.updated_at",
                ruleDate(rule.metadata() == null ? null : rule.metadata().updatedDate()));
        k.put("kibana.alert.rule.updated_by", "");
        k.put("kibana.alert.rule.uuid", ruleUuid);
        k.put("kibana.alert.rule.version", version(rule));
        k.put("kibana.alert.url", url(settings, uuid, timestamp));
        k.put("kibana.alert.uuid", uuid);
        k.put("kibana.alert.workflow_tags", List.of());
        k.put("kibana.alert.workflow_assignee_ids", List.of());
        k.put("kibana.alert.rule.risk_score", rule.riskScore());
        k.put("kibana.alert.rule.severity", rule.severity().id());
        k.put("kibana.alert.rule.building_block_type", rule.alert().buildingBlockType());
        k.put("kibana.alert.intended_timestamp", timestamp);
        k.put("kibana.alert.rule.execution.type", "scheduled");
        // the persistence layer's fields, named after the rule type rather than the rule
        k.put("kibana.alert.rule.category", category(rule));
        k.put("kibana.alert.rule.producer", "siem");
        k.put("kibana.alert.rule.rule_type_id", "siem." + ruleTypeId(rule));
        k.put("kibana.alert.rule.revision", rule.revision());
        if (lineage.groupId() != null) {
            k.put("kibana.alert.group.id", lineage.groupId());
            k.put("kibana.alert.group.index", lineage.groupIndex());
        }
        if (alert.newTerms() != null) {
            k.put("kibana.alert.new_terms", alert.newTerms());
        }
        if (alert.thresholdResult() != null) {
            k.put("kibana.alert.threshold_result", thresholdResult(alert.thresholdResult()));
        }
        k.forEach((key, value) -> {
            if (value != null) {
                doc.set(key, node(value));
            }
        });
        return doc;
    }

    /**
     * An indicator match alert's enrichments under {@code threat.enrichments} of its source, after any the event
     * already has (a single one counting as a list of one), as Kibana enriches the events it alerts on.
     */
    private static void addEnrichments(ObjectNode doc, List<Map<String, Object>> enrichments) {
        JsonNode threat = doc.get("threat");
        ObjectNode object = threat != null && threat.isObject() ? (ObjectNode) threat : doc.putObject("threat");
        JsonNode existing = object.get("enrichments");
        var all = NODES.arrayNode();
        if (existing != null && existing.isArray()) {
            existing.forEach(all::add);
        } else if (existing != null && !existing.isNull()) {
            all.add(existing);
        }
        enrichments.forEach(e -> all.add(node(e)));
        object.set("enrichments", all);
    }

    /**
     * The alert's uuid, its ancestors and its depth: one ancestor, the source document at depth 0, and an id that
     * hashes the document's index, id and version with the space and the rule, as Kibana's does.
     */
    static Lineage lineage(Hit hit, String ruleUuid) {
        String index = hit.index() == null ? "" : hit.index();
        Map<String, Object> ancestor = new LinkedHashMap<>();
        ancestor.put("id", hit.id());
        ancestor.put("type", "event");
        ancestor.put("index", index);
        ancestor.put("depth", 0);
        return new Lineage(
                sha256(index + hit.id() + KibanaLineage.VERSION + SPACE + ":" + ruleUuid), List.of(ancestor), 1);
    }

    /**
     * The document an alert is built from: its source and original time; for a threshold group also the
     * {@code _index} and {@code _id} its lineage hashes (an event's lineage is {@link KibanaLineage}'s).
     */
    record Hit(ObjectNode source, String index, String id, String originalTime) {}

    /** The event as Kibana's search returns it, its {@code _index} and {@code _id} taken off the source. */
    static Hit eventHit(Event event) {
        ObjectNode source = (ObjectNode) event.root().deepCopy();
        source.remove("_index");
        source.remove("_id");
        JsonNode timestamp = event.root().get("@timestamp");
        return new Hit(source, null, null, timestamp != null && timestamp.isString() ? timestamp.stringValue() : null);
    }

    /**
     * A threshold alert's document, as Kibana makes one per group: the window's last {@code @timestamp}, the group
     * fields with their values, and the threshold result; its index is the rule's index patterns joined by commas,
     * its id a name-based uuid of the rule, the group's fields and values and the window's start.
     */
    static Hit thresholdHit(Alert alert, Rule rule) {
        ThresholdResult result = alert.thresholdResult();
        ObjectNode source = NODES.objectNode();
        String timestamp = millis(alert.timestamp());
        if (timestamp != null) {
            source.put("@timestamp", timestamp);
        }
        List<String> fields = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (ThresholdResult.Term term : result.terms()) {
            source.set(term.field(), node(term.value()));
            fields.add(term.field());
            values.add(String.valueOf(term.value()));
        }
        values.sort(null);
        String index = String.join(",", indices(rule));
        String id = UUID.nameUUIDFromBytes((rule.ruleId()
                                + MILLIS.format(result.from())
                                + String.join(",", fields)
                                + String.join(",", values))
                        .getBytes(StandardCharsets.UTF_8))
                .toString();
        return new Hit(source, index, id, timestamp);
    }

    /** Plain values, maps and lists as a JSON tree, so that the document reads the same before it is written. */
    private static JsonNode node(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof JsonNode json) {
            return json;
        }
        if (value instanceof KibanaLineage.Ancestor ancestor) {
            ObjectNode object = NODES.objectNode();
            object.put("id", ancestor.id());
            object.put("type", ancestor.type());
            object.put("index", ancestor.index());
            object.put("depth", ancestor.depth());
            if (ancestor.rule() != null) {
                object.put("rule", ancestor.rule());
            }
            return object;
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = NODES.objectNode();
            map.forEach((k, v) -> object.set(String.valueOf(k), node(v)));
            return object;
        }
        if (value instanceof List<?> list) {
            var array = NODES.arrayNode(list.size());
            list.forEach(v -> array.add(node(v)));
            return array;
        }
        if (value instanceof Long || value instanceof Integer) {
            return NODES.numberNode(((Number) value).longValue());
        }
        if (value instanceof Number number) {
            return NODES.numberNode(number.doubleValue());
        }
        if (value instanceof Boolean bool) {
            return NODES.booleanNode(bool);
        }
        return NODES.stringNode(String.valueOf(value));
    }

    private static Map<String, Object> thresholdResult(ThresholdResult result) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (!result.cardinality().isEmpty()) {
            out.put("cardinality", terms(result.cardinality()));
        }
        out.put("count", result.count());
        out.put("from", MILLIS.format(result.from()));
        out.put("terms", terms(result.terms()));
        return out;
    }

    private static List<Map<String, Object>> terms(List<ThresholdResult.Term> terms) {
        List<Map<String, Object>> out = new ArrayList<>(terms.size());
        for (ThresholdResult.Term term : terms) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("field", term.field());
            t.put("value", term.value());
            out.add(t);
        }
        return out;
    }

    /** {@code event.*} and {@code data_stream.*} of the kept source, flattened under the alert's own names. */
    private static Map<String, JsonNode> originalCopies(ObjectNode source) {
        Map<String, JsonNode> copies = new LinkedHashMap<>();
        source.properties().forEach(e -> {
            String key = e.getKey();
            String top = key.indexOf('.') < 0 ? key : key.substring(0, key.indexOf('.'));
            String target = switch (top) {
                case "event" -> "kibana.alert.original_event";
                case "data_stream" -> "kibana.alert.original_data_stream";
                default -> null;
            };
            if (target != null) {
                flatten(target + key.substring(top.length()), e.getValue(), copies);
            }
        });
        return copies;
    }

    private static void flatten(String name, JsonNode value, Map<String, JsonNode> out) {
        if (value.isObject()) {
            value.properties().forEach(e -> flatten(name + "." + e.getKey(), e.getValue(), out));
        } else {
            out.put(name, value.deepCopy());
        }
    }

    /** The source's own {@code event.kind} goes: the alert's is {@code signal}. */
    private static void removeEventKind(ObjectNode source) {
        source.remove("event.kind");
        JsonNode event = source.get("event");
        if (event != null && event.isObject()) {
            ((ObjectNode) event).remove("kind");
            if (event.isEmpty()) {
                source.remove("event");
            }
        }
    }

    /** Kibana's alert-details link, only with a configured base URL (the default space has no {@code /s/} part). */
    private static String url(Settings settings, String uuid, String timestamp) {
        if (settings.baseUrl() == null || settings.baseUrl().isBlank()) {
            return null;
        }
        String base = settings.baseUrl().strip();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base + "/app/security/alerts/redirect/" + uuid + "?index=" + ALERTS_INDEX + "&timestamp=" + timestamp;
    }

    /** The rule's {@code version} when it keeps Kibana's, else its revision (what Verdict exports as version). */
    private static int version(Rule rule) {
        return rule.extra().get("version") instanceof Number n ? n.intValue() : rule.revision();
    }

    /** The index patterns the rule searches; none for a rule of a data view or without an index. */
    private static List<String> indices(Rule rule) {
        return rule.query() == null || rule.query().index() == null
                ? List.of()
                : rule.query().index();
    }

    /** A rule file's {@code yyyy/MM/dd} date as the ISO instant of its midnight (UTC); null when absent. */
    private static String ruleDate(String date) {
        if (date == null) {
            return null;
        }
        try {
            return MILLIS.format(LocalDate.parse(date, TOML_DATE)
                    .atStartOfDay(ZoneOffset.UTC)
                    .toInstant());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** A date as Kibana writes it (an ISO instant to the millisecond), or null when it is not one. */
    static String millis(String date) {
        Instant instant = date == null ? null : Dates.parse(date);
        return instant == null ? null : MILLIS.format(instant);
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
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
