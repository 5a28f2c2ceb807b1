package io.verdict.api;

import io.verdict.rule.ExceptionItem;
import io.verdict.rule.ExceptionItems;
import io.verdict.rule.KibanaRules;
import io.verdict.rule.Rule;
import io.verdict.rule.RuleCatalog;
import io.verdict.rule.TomlDocument;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the rule set as Kibana's NDJSON export: one flat rule per line; then, for each rule with exceptions, its
 * rule-default exception list and the items; then the summary line Kibana's import expects last.
 */
final class RuleExport {

    private final JsonMapper json;

    RuleExport(JsonMapper json) {
        this.json = json;
    }

    /** The list id under which a rule's own exceptions are exported (and recognised on import). */
    static String listId(String ruleId) {
        return ruleId + "-exceptions";
    }

    /** A rule to export: its stored TOML document and the rule read from it. */
    record Exported(Map<String, Object> document, Rule rule) {}

    String ndjson(RuleCatalog.Snapshot snapshot) {
        return ndjson(snapshot.sources().values().stream()
                .map(source -> new Exported(TomlDocument.read(source.toml()), source.rule()))
                .toList());
    }

    String ndjson(List<Exported> exported) {
        StringBuilder out = new StringBuilder();
        List<Map<String, Object>> trailer = new ArrayList<>();
        int rules = 0;
        int lists = 0;
        int items = 0;
        for (Exported source : exported) {
            Map<String, Object> flat = KibanaRules.toFlat(source.document(), source.rule());
            List<ExceptionItem> exceptions = source.rule().exceptions();
            if (!exceptions.isEmpty()) {
                String listId = listId(source.rule().ruleId());
                List<Object> refs = new ArrayList<>(flat.get("exceptions_list") instanceof List<?> l ? l : List.of());
                refs.add(Map.of("id", listId, "list_id", listId, "type", "rule_default", "namespace_type", "single"));
                flat.put("exceptions_list", refs);
                Map<String, Object> list = new LinkedHashMap<>();
                list.put("id", listId);
                list.put("list_id", listId);
                list.put("type", "rule_default");
                list.put("namespace_type", "single");
                list.put("name", "Exceptions for " + source.rule().name());
                list.put("description", "Exceptions of rule " + source.rule().ruleId());
                list.put("tags", List.of());
                list.put("os_types", List.of());
                list.put("immutable", false);
                trailer.add(list);
                lists++;
                for (ExceptionItem item : exceptions) {
                    Map<String, Object> line = new LinkedHashMap<>(ExceptionItems.toPlain(item));
                    line.put("list_id", listId);
                    line.put("namespace_type", "single");
                    line.put("type", "simple");
                    line.put("description", item.description() == null ? "" : item.description());
                    line.put("comments", List.of());
                    trailer.add(line);
                    items++;
                }
            }
            out.append(json.writeValueAsString(flat)).append('\n');
            rules++;
        }
        for (Map<String, Object> line : trailer) {
            out.append(json.writeValueAsString(line)).append('\n');
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("exported_count", rules + lists + items);
        summary.put("exported_rules_count", rules);
        summary.put("missing_rules", List.of());
        summary.put("missing_rules_count", 0);
        summary.put("exported_exception_list_count", lists);
        summary.put("exported_exception_list_item_count", items);
        summary.put("missing_exception_list_item_count", 0);
        summary.put("missing_exception_list_items", List.of());
        summary.put("missing_exception_lists", List.of());
        summary.put("missing_exception_lists_count", 0);
        summary.put("exported_action_connector_count", 0);
        summary.put("missing_action_connection_count", 0);
        summary.put("missing_action_connections", List.of());
        summary.put("excluded_action_connection_count", 0);
        summary.put("excluded_action_connections", List.of());
        out.append(json.writeValueAsString(summary)).append('\n');
        return out.toString();
    }
}
