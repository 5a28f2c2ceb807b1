package io.verdict.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code signal.*} names Kibana's alerts index keeps as aliases of {@code kibana.alert.*} fields, for rules
 * written against the signals of Kibana 7 ({@code signal.rule.name}, {@code signal.rule.tags}, {@code signal.status}).
 * The index answers a query on an alias with its target's values, but a document's source holds only the target;
 * a document decided as one of that index gets the aliases as fields of its own, so that such a rule reads them.
 */
final class SignalAliases {

    private static final String ALERT = "kibana.alert.";
    /** The rule fields aliased under {@code signal.rule.*} by the same name. */
    private static final Set<String> RULE_FIELDS = Set.of(
            "author",
            "building_block_type",
            "created_at",
            "created_by",
            "description",
            "enabled",
            "false_positives",
            "from",
            "immutable",
            "interval",
            "license",
            "max_signals",
            "name",
            "note",
            "references",
            "risk_score",
            "risk_score_mapping",
            "rule_id",
            "rule_name_override",
            "severity",
            "severity_mapping",
            "tags",
            "threat",
            "timeline_id",
            "timeline_title",
            "timestamp_override",
            "to",
            "type",
            "updated_at",
            "updated_by",
            "version");
    /** The alert fields aliased under {@code signal.*} by the same name (with what lies below them). */
    private static final Set<String> ALERT_FIELDS =
            Set.of("ancestors", "depth", "group", "original_time", "reason", "threshold_result", "original_event");
    /** The rule's parameters aliased under {@code signal.rule.*}. */
    private static final Set<String> PARAMETERS = Set.of("index", "query", "language", "filters", "saved_id");

    private SignalAliases() {}

    /** Adds to {@code document} (a Kibana alert document with dotted {@code kibana.alert.*} keys) its aliases. */
    static void add(ObjectNode document) {
        Map<String, JsonNode> aliases = new LinkedHashMap<>();
        document.properties().forEach(e -> {
            String key = e.getKey();
            if (key.startsWith(ALERT)) {
                String alias = alias(key.substring(ALERT.length()));
                if (alias != null) {
                    aliases.put(alias, e.getValue());
                }
                if (key.equals(ALERT + "rule.parameters") && e.getValue().isObject()) {
                    e.getValue().properties().forEach(p -> {
                        if (PARAMETERS.contains(p.getKey())) {
                            aliases.put("signal.rule." + p.getKey(), p.getValue());
                        }
                    });
                }
            }
        });
        aliases.forEach((alias, value) -> {
            if (!document.has(alias)) {
                document.set(alias, value.deepCopy());
            }
        });
    }

    /** The alias of {@code kibana.alert.<name>}, or null when it has none. */
    static String alias(String name) {
        if (name.equals("workflow_status")) {
            return "signal.status";
        }
        if (name.equals("rule.uuid")) {
            return "signal.rule.id";
        }
        if (name.startsWith("rule.")) {
            String field = name.substring("rule.".length());
            int dot = field.indexOf('.');
            return RULE_FIELDS.contains(dot < 0 ? field : field.substring(0, dot)) ? "signal." + name : null;
        }
        int dot = name.indexOf('.');
        return ALERT_FIELDS.contains(dot < 0 ? name : name.substring(0, dot)) ? "signal." + name : null;
    }
}
