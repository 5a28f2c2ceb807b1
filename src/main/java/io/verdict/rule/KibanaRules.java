package io.verdict.rule;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Converts between Kibana's flat rule JSON (the rule API and the NDJSON export, rule-format.md §3) and the
 * detection-rules TOML document ({@code [metadata]} + {@code [rule]}), both as plain data. The differences are the
 * ones detection-rules' own {@code import-rules-to-repo} and {@code to_api_format} handle: new_terms fields, a
 * threshold field given as a string, server-side bookkeeping Kibana adds, and metadata Kibana never sees.
 */
public final class KibanaRules {

    /**
     * The top-level table of a stored rule that keeps Kibana's bookkeeping of an imported rule, so that an export
     * gives it back. Its presence marks a rule that came from Kibana.
     */
    public static final String TABLE = "kibana";
    /** Kibana keeps these itself; they say nothing about what the rule detects, but its export writes them. */
    private static final List<String> BOOKKEEPING = List.of(
            "id",
            "version",
            "revision",
            "immutable",
            "rule_source",
            "created_at",
            "created_by",
            "updated_at",
            "updated_by");
    /**
     * Kibana computes these per install or per read (run state, saved-object resolution, the deprecated alert
     * index); an import ignores them.
     */
    private static final Set<String> TRANSIENT =
            Set.of("execution_summary", "output_index", "outcome", "alias_target_id", "alias_purpose");
    /** Fields naming an event field, which Kibana's editor may save as "" for none. */
    private static final List<String> FIELD_NAMES = List.of(
            "event_category_override",
            "tiebreaker_field",
            "timestamp_field",
            "timestamp_override",
            "rule_name_override");
    /** Rule types whose {@code language} Kibana defaults to {@code kuery} when an import leaves it out. */
    private static final Set<String> KUERY_BY_DEFAULT =
            Set.of("query", "saved_query", "threshold", "threat_match", "new_terms");
    /** The version range of a derived related integration: any version of the package. */
    static final String ANY_VERSION = "*";

    private static final DateTimeFormatter TOML_DATE = DateTimeFormatter.ofPattern("yyyy/MM/dd");

    private KibanaRules() {}

    /** Whether a line of a Kibana export is a rule (rather than an exception list, item, connector or summary). */
    public static boolean isRule(Map<String, ?> line) {
        return line.get("rule_id") instanceof String
                && line.get("type") instanceof String type
                && RuleType.fromId(type).isPresent()
                && !line.containsKey("exported_count");
    }

    /**
     * The TOML document of a flat rule; {@code today} dates it when Kibana's {@code created_at}/{@code updated_at}
     * are absent. {@code dropLists} names exception lists whose items were taken into the rule itself.
     */
    public static Map<String, Object> toDocument(Map<String, ?> flat, LocalDate today, Set<String> dropLists) {
        Map<String, Object> rule = new LinkedHashMap<>();
        Map<String, Object> kibana = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : flat.entrySet()) {
            if (e.getValue() == null || TRANSIENT.contains(e.getKey())) {
                continue;
            }
            (BOOKKEEPING.contains(e.getKey()) ? kibana : rule).put(e.getKey(), withoutNulls(e.getValue()));
        }
        withKibanaDefaults(rule);
        Object newTerms = rule.remove("new_terms_fields");
        Object window = rule.remove("history_window_start");
        if (newTerms != null || window != null) {
            Map<String, Object> block = new LinkedHashMap<>();
            block.put("field", "new_terms_fields");
            block.put("value", newTerms == null ? List.of() : newTerms);
            block.put(
                    "history_window_start",
                    List.of(Map.of("field", "history_window_start", "value", window == null ? "" : window)));
            rule.put("new_terms", block);
        }
        if (rule.get("threshold") instanceof Map<?, ?> threshold && threshold.get("field") instanceof String field) {
            Map<String, Object> copy = new LinkedHashMap<>(cast(threshold));
            copy.put("field", field.isEmpty() ? List.of() : List.of(field));
            rule.put("threshold", copy);
        }
        if (rule.get("exceptions_list") instanceof List<?> refs && !dropLists.isEmpty()) {
            rule.put(
                    "exceptions_list",
                    refs.stream()
                            .filter(r ->
                                    !(r instanceof Map<?, ?> m && dropLists.contains(String.valueOf(m.get("list_id")))))
                            .toList());
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("creation_date", date(flat.get("created_at"), today));
        metadata.put("updated_date", date(flat.get("updated_at"), today));
        metadata.put("maturity", "development");
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("metadata", metadata);
        document.put("rule", rule);
        document.put(TABLE, kibana);
        return document;
    }

    /**
     * The values Kibana's import gives fields that its schema lets a rule leave out and that the TOML format
     * requires: an empty author list, and for a query rule an empty KQL query (which matches every event).
     */
    private static void withKibanaDefaults(Map<String, Object> rule) {
        rule.putIfAbsent("author", List.of());
        FIELD_NAMES.forEach(key -> rule.remove(key, ""));
        String type = String.valueOf(rule.get("type"));
        if (KUERY_BY_DEFAULT.contains(type)) {
            rule.putIfAbsent("language", "kuery");
        }
        if (type.equals("query") && !(rule.get("filters") instanceof List<?> filters && !filters.isEmpty())) {
            rule.putIfAbsent("query", "");
        }
    }

    /**
     * The flat rule of a TOML document's {@code [rule]} table, as Kibana imports it. Kibana's bookkeeping of an
     * imported rule ({@code [kibana]}: saved-object id, version, revision, dates) is given back as it came. The
     * {@code version} is the imported one, else one written in {@code [rule]}, else none for a rule by Elastic
     * (Kibana's prebuilt package numbers those in detection-rules' version lock, which a TOML file does not
     * carry), else the rule's Verdict revision, which counts its changes as Kibana's version does.
     * {@code related_integrations} is derived from {@code [metadata] integration}, {@code required_fields} from
     * the query, when the rule names none.
     */
    public static Map<String, Object> toFlat(Map<String, ?> document, Rule rule) {
        Map<String, Object> flat = new LinkedHashMap<>();
        Map<String, Object> kibana = document.get(TABLE) instanceof Map<?, ?> table ? cast(table) : Map.of();
        BOOKKEEPING.stream().filter(kibana::containsKey).forEach(key -> flat.put(key, kibana.get(key)));
        if (document.get("rule") instanceof Map<?, ?> table) {
            flat.putAll(cast(table));
        }
        if (flat.remove("new_terms") instanceof Map<?, ?> block) {
            flat.put("new_terms_fields", block.get("value"));
            if (block.get("history_window_start") instanceof List<?> window
                    && !window.isEmpty()
                    && window.get(0) instanceof Map<?, ?> first) {
                flat.put("history_window_start", first.get("value"));
            }
        }
        flat.put("enabled", !Boolean.FALSE.equals(rule.schedule().enabled()));
        if (kibana.containsKey("version")) {
            flat.put("version", kibana.get("version"));
        } else if (!flat.containsKey("version") && !rule.author().contains("Elastic")) {
            flat.put("version", rule.revision());
        }
        if (!kibana.containsKey("revision")) {
            flat.remove("revision");
        }
        if (!flat.containsKey("related_integrations")
                && !rule.metadata().integration().isEmpty()) {
            flat.put(
                    "related_integrations",
                    rule.metadata().integration().stream()
                            .map(KibanaRules::relatedIntegration)
                            .toList());
        }
        if (!flat.containsKey("required_fields")) {
            List<Map<String, Object>> required = RequiredFields.of(rule);
            if (!required.isEmpty()) {
                flat.put("required_fields", required);
            }
        }
        return flat;
    }

    /**
     * A Fleet package as Kibana's {@code related_integrations} names it. detection-rules takes the version range
     * from the package's manifest, which Verdict does not have: {@code *} accepts any installed version.
     */
    private static Map<String, Object> relatedIntegration(String pkg) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("package", pkg);
        out.put("version", ANY_VERSION);
        return out;
    }

    private static String date(Object kibana, LocalDate today) {
        if (kibana instanceof String s) {
            try {
                return OffsetDateTime.parse(s).toLocalDate().format(TOML_DATE);
            } catch (DateTimeParseException e) {
                // fall through to today
            }
        }
        return today.format(TOML_DATE);
    }

    /** TOML has no null: drop null values in maps and lists, as Kibana treats them as absent. */
    static Object withoutNulls(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                if (v != null) {
                    out.put(String.valueOf(k), withoutNulls(v));
                }
            });
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.stream().filter(v -> v != null).forEach(v -> out.add(withoutNulls(v)));
            return out;
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
