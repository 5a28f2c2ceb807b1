package io.verdict.engine;

import io.verdict.rule.AlertSettings;
import io.verdict.rule.AlertSuppression;
import io.verdict.rule.ExceptionListRef;
import io.verdict.rule.MachineLearning;
import io.verdict.rule.MitreRef;
import io.verdict.rule.NewTerms;
import io.verdict.rule.Rule;
import io.verdict.rule.RuleQuery;
import io.verdict.rule.Technique;
import io.verdict.rule.Threat;
import io.verdict.rule.ThreatMatch;
import io.verdict.rule.Threshold;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A rule's parameters as a Kibana alert carries them ({@code kibana.alert.rule.parameters}): the parameters every
 * rule type has, then those of its type, snake-cased as the rules API answers them, without {@code output_index};
 * a parameter the rule leaves unset is absent, one Kibana fills with a default (an empty list, {@code now}, 100
 * signals) has it. Also the plain-value forms of the rule parts the alert repeats at its top level. Plain maps and
 * lists only, so that the document reads the same whatever mapper writes it.
 */
final class KibanaRuleParameters {

    static final String DEFAULT_FROM = "now-6m";
    static final String DEFAULT_TO = "now";
    static final int DEFAULT_MAX_SIGNALS = 100;

    private KibanaRuleParameters() {}

    static Map<String, Object> of(Rule rule, int version) {
        AlertSettings alert = rule.alert();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("description", rule.description());
        p.put("risk_score", rule.riskScore());
        p.put("severity", rule.severity().id());
        p.put("building_block_type", alert.buildingBlockType());
        p.put("note", rule.note());
        p.put("license", rule.license());
        p.put("timeline_id", alert.timelineId());
        p.put("timeline_title", alert.timelineTitle());
        p.put("rule_name_override", alert.ruleNameOverride());
        p.put("timestamp_override", alert.timestampOverride());
        if (alert.investigationFields() != null && !alert.investigationFields().isEmpty()) {
            p.put("investigation_fields", Map.of("field_names", alert.investigationFields()));
        }
        p.put("author", rule.author());
        p.put("false_positives", rule.falsePositives());
        p.put("from", rule.schedule().fromOrDefault());
        p.put("rule_id", rule.ruleId());
        p.put("max_signals", maxSignals(rule));
        p.put("risk_score_mapping", riskScoreMapping(alert));
        p.put("severity_mapping", severityMapping(alert));
        p.put("threat", threat(rule.threat()));
        p.put("to", rule.schedule().toOrDefault());
        p.put("references", rule.references());
        p.put("version", version);
        p.put("exceptions_list", exceptionsList(alert));
        p.put("immutable", false);
        p.put("rule_source", Map.of("type", "internal"));
        p.put("related_integrations", List.of());
        p.put("required_fields", List.of());
        p.put("setup", rule.setup() == null ? "" : rule.setup());
        p.put("type", rule.type().id());
        typeSpecific(rule, p);
        p.values().removeIf(v -> v == null);
        return p;
    }

    private static void typeSpecific(Rule rule, Map<String, Object> p) {
        RuleQuery query = rule.query();
        if (query != null) {
            p.put("language", query.language() == null ? null : query.language().id());
            p.put("index", query.index());
            p.put("data_view_id", query.dataViewId());
            p.put("query", query.text() == null ? null : query.text().text());
            // the rule model reads absent filters as none; Kibana keeps a rule's parameter absent when unset
            p.put("filters", query.filters() == null || query.filters().isEmpty() ? null : query.filters());
        }
        switch (rule.type()) {
            case EQL -> {
                if (query != null) {
                    p.put("timestamp_field", query.timestampField());
                    p.put("event_category_override", query.eventCategoryOverride());
                    p.put("tiebreaker_field", query.tiebreakerField());
                }
            }
            case THRESHOLD -> rule.typeBlock(Threshold.class).ifPresent(t -> p.put("threshold", threshold(t)));
            case NEW_TERMS ->
                rule.typeBlock(NewTerms.class).ifPresent(n -> {
                    p.put("new_terms_fields", n.fields());
                    p.put("history_window_start", n.historyWindowStart());
                });
            case MACHINE_LEARNING ->
                rule.typeBlock(MachineLearning.class).ifPresent(m -> {
                    p.put("anomaly_threshold", m.anomalyThreshold());
                    p.put("machine_learning_job_id", m.jobIds());
                });
            case THREAT_MATCH ->
                rule.typeBlock(ThreatMatch.class).ifPresent(t -> {
                    p.put("threat_filters", t.threatFilters());
                    p.put(
                            "threat_query",
                            t.threatQuery() == null ? null : t.threatQuery().text());
                    p.put("threat_mapping", threatMapping(t));
                    p.put(
                            "threat_language",
                            t.threatLanguage() == null
                                    ? null
                                    : t.threatLanguage().id());
                    p.put("threat_index", t.threatIndex());
                    p.put("threat_indicator_path", t.threatIndicatorPath());
                    p.put("concurrent_searches", t.concurrentSearches());
                    p.put("items_per_search", t.itemsPerSearch());
                });
            default -> {}
        }
        AlertSuppression suppression = rule.alert().alertSuppression();
        if (suppression != null) {
            Map<String, Object> s = new LinkedHashMap<>();
            if (rule.type() != io.verdict.rule.RuleType.THRESHOLD) {
                s.put("group_by", suppression.groupBy());
                s.put("missing_fields_strategy", suppression.missingFieldsStrategy());
            }
            if (suppression.duration() != null) {
                s.put(
                        "duration",
                        Map.of(
                                "value",
                                suppression.duration().value(),
                                "unit",
                                suppression.duration().unit()));
            }
            s.values().removeIf(v -> v == null);
            if (!s.isEmpty()) {
                p.put("alert_suppression", s);
            }
        }
    }

    static int maxSignals(Rule rule) {
        return rule.alert().maxSignals() == null
                ? DEFAULT_MAX_SIGNALS
                : rule.alert().maxSignals();
    }

    /** {@code field} always a list, {@code cardinality} only when the rule has one. */
    static Map<String, Object> threshold(Threshold threshold) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("field", threshold.field());
        t.put("value", threshold.value());
        if (!threshold.cardinality().isEmpty()) {
            List<Map<String, Object>> cardinality = new ArrayList<>();
            threshold.cardinality().forEach(c -> cardinality.add(entry("field", c.field(), "value", c.value())));
            t.put("cardinality", cardinality);
        }
        return t;
    }

    static List<Map<String, Object>> exceptionsList(AlertSettings alert) {
        List<Map<String, Object>> refs = new ArrayList<>();
        if (alert.exceptionsList() != null) {
            for (ExceptionListRef ref : alert.exceptionsList()) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("id", ref.id());
                r.put("list_id", ref.listId());
                r.put("namespace_type", ref.namespaceType());
                r.put("type", ref.type());
                r.values().removeIf(v -> v == null);
                refs.add(r);
            }
        }
        return refs;
    }

    static List<Map<String, Object>> severityMapping(AlertSettings alert) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (alert.severityMapping() != null) {
            alert.severityMapping()
                    .forEach(m -> out.add(withoutNulls(entry(
                            "field",
                            m.field(),
                            "operator",
                            m.operator(),
                            "value",
                            m.value(),
                            "severity",
                            m.severity() == null ? null : m.severity().id()))));
        }
        return out;
    }

    static List<Map<String, Object>> riskScoreMapping(AlertSettings alert) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (alert.riskScoreMapping() != null) {
            alert.riskScoreMapping()
                    .forEach(m -> out.add(withoutNulls(entry(
                            "field",
                            m.field(),
                            "operator",
                            m.operator(),
                            "value",
                            m.value(),
                            "risk_score",
                            m.riskScore()))));
        }
        return out;
    }

    static List<Map<String, Object>> threat(List<Threat> threats) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Threat threat : threats) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("framework", threat.framework());
            t.put("tactic", mitre(threat.tactic()));
            if (!threat.technique().isEmpty()) {
                List<Map<String, Object>> techniques = new ArrayList<>();
                for (Technique technique : threat.technique()) {
                    Map<String, Object> tech =
                            mitre(new MitreRef(technique.id(), technique.name(), technique.reference()));
                    if (!technique.subtechnique().isEmpty()) {
                        tech.put(
                                "subtechnique",
                                technique.subtechnique().stream()
                                        .map(KibanaRuleParameters::mitre)
                                        .toList());
                    }
                    techniques.add(tech);
                }
                t.put("technique", techniques);
            }
            out.add(withoutNulls(t));
        }
        return out;
    }

    private static Map<String, Object> mitre(MitreRef ref) {
        return ref == null
                ? null
                : withoutNulls(entry("id", ref.id(), "name", ref.name(), "reference", ref.reference()));
    }

    private static List<Map<String, Object>> threatMapping(ThreatMatch match) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (match.threatMapping() != null) {
            match.threatMapping()
                    .forEach(m -> out.add(Map.of(
                            "entries",
                            m.entries().stream()
                                    .map(e -> withoutNulls(
                                            entry("field", e.field(), "type", e.type(), "value", e.value())))
                                    .toList())));
        }
        return out;
    }

    private static Map<String, Object> entry(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> map) {
        map.values().removeIf(v -> v == null);
        return map;
    }
}
