package io.verdict.rule;

import io.verdict.event.DateMath;
import io.verdict.query.SourceText;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Reads the settings that belong to one rule type, and reports those written on a rule of another type. */
final class TypeBlockReader {

    private final TomlFields rule;
    private final Function<String, SourceText> locateString;

    /** {@code locateString} turns a key of {@code [rule]} holding a string into its text with file position. */
    TypeBlockReader(TomlFields rule, Function<String, SourceText> locateString) {
        this.rule = rule;
        this.locateString = locateString;
    }

    TypeBlock read(RuleType type) {
        TypeBlock block = switch (type) {
            case THRESHOLD -> threshold();
            case NEW_TERMS -> newTerms();
            case THREAT_MATCH -> threatMatch();
            case MACHINE_LEARNING -> machineLearning();
            default -> null;
        };
        for (String key : List.of(
                "threshold",
                "new_terms",
                "threat_index",
                "threat_mapping",
                "anomaly_threshold",
                "machine_learning_job_id")) {
            if (rule.has(key) && !owner(key).equals(type)) {
                rule.warning(key, "'" + rule.qualified(key) + "' is only used by " + owner(key) + " rules; ignored");
                rule.skip(key);
            }
        }
        return block;
    }

    private static RuleType owner(String key) {
        return switch (key) {
            case "threshold" -> RuleType.THRESHOLD;
            case "new_terms" -> RuleType.NEW_TERMS;
            case "threat_index", "threat_mapping" -> RuleType.THREAT_MATCH;
            default -> RuleType.MACHINE_LEARNING;
        };
    }

    private Threshold threshold() {
        TomlFields t = rule.table("threshold");
        if (t == null) {
            missing("threshold", "table");
            return null;
        }
        List<String> fields = t.strings("field");
        if (fields.size() > 5) {
            t.error("field", "'" + t.qualified("field") + "' groups by at most 5 fields, found " + fields.size());
        }
        Long value = t.integer("value");
        if (value == null) {
            t.error("value", "missing required field '" + t.qualified("value") + "'");
        } else if (value < 1) {
            t.error("value", "'" + t.qualified("value") + "' must be at least 1, found " + value);
        }
        List<Threshold.Cardinality> cardinality = new ArrayList<>();
        for (TomlFields c : t.tables("cardinality")) {
            String field = c.requiredString("field");
            Long min = c.integer("value");
            if (min == null || min < 0) {
                c.error("value", "'" + c.qualified("value") + "' must be a count of at least 0");
            }
            cardinality.add(new Threshold.Cardinality(field, min == null ? 0 : min));
            c.unread("(ignored)");
        }
        t.unread("(ignored)");
        return new Threshold(fields, value == null ? 1 : value, cardinality);
    }

    private NewTerms newTerms() {
        TomlFields t = rule.table("new_terms");
        if (t == null) {
            missing("new_terms", "table");
            return null;
        }
        String field = t.requiredString("field");
        if (field != null && !field.equals("new_terms_fields")) {
            t.error("field", "'" + t.qualified("field") + "' must be \"new_terms_fields\", found \"" + field + "\"");
        }
        List<String> fields = t.strings("value");
        if (fields.isEmpty() || fields.size() > 3) {
            t.error("value", "'" + t.qualified("value") + "' must name 1 to 3 fields, found " + fields.size());
        }
        String window = null;
        List<TomlFields> history = t.tables("history_window_start");
        if (history.isEmpty()) {
            t.error("history_window_start", "missing required '" + t.qualified("history_window_start") + "'");
        }
        for (TomlFields h : history) {
            String name = h.requiredString("field");
            if (name != null && !name.equals("history_window_start")) {
                h.error(
                        "field",
                        "'" + h.qualified("field") + "' must be \"history_window_start\", found \"" + name + "\"");
            }
            window = h.requiredString("value");
            if (window != null && !DateMath.valid(window)) {
                h.error(
                        "value",
                        "'" + h.qualified("value") + "' must be date math such as now-7d, found \"" + window + "\"");
            }
            h.unread("(ignored)");
        }
        t.unread("(ignored)");
        return new NewTerms(fields, window);
    }

    private ThreatMatch threatMatch() {
        List<String> index = rule.strings("threat_index");
        if (index.isEmpty()) {
            missing("threat_index", "list of index patterns");
        }
        SourceText threatQuery = rule.has("threat_query") ? locateString.apply("threat_query") : null;
        rule.skip("threat_query");
        String languageId = rule.string("threat_language");
        Language language = null;
        if (languageId != null) {
            language = Language.fromId(languageId).orElse(null);
            if (language == null || !Language.allowedFor(RuleType.THREAT_MATCH).contains(language)) {
                rule.error(
                        "threat_language",
                        "'rule.threat_language' must be kuery or lucene, found \"" + languageId + "\"");
            }
        }
        List<ThreatMatch.Mapping> mappings = new ArrayList<>();
        List<TomlFields> mappingTables = rule.tables("threat_mapping");
        if (mappingTables.isEmpty()) {
            missing("threat_mapping", "list of mappings");
        }
        for (TomlFields m : mappingTables) {
            List<ThreatMatch.Entry> entries = new ArrayList<>();
            for (TomlFields e : m.tables("entries")) {
                String type = e.requiredString("type");
                if (type != null && !type.equals("mapping")) {
                    e.error("type", "'" + e.qualified("type") + "' must be \"mapping\", found \"" + type + "\"");
                }
                Boolean negate = e.bool("negate");
                entries.add(new ThreatMatch.Entry(
                        e.requiredString("field"), type, e.requiredString("value"), Boolean.TRUE.equals(negate)));
                e.unread("(ignored)");
            }
            if (entries.isEmpty()) {
                m.error("entries", "'" + m.qualified("entries") + "' must hold at least one entry");
            }
            mappings.add(new ThreatMatch.Mapping(entries));
            m.unread("(ignored)");
        }
        List<java.util.Map<String, Object>> filters = TomlValues.tableList(rule.plain("threat_filters"));
        Long concurrent = rule.integer("concurrent_searches");
        Long perSearch = rule.integer("items_per_search");
        return new ThreatMatch(
                index,
                threatQuery,
                language,
                filters,
                mappings,
                rule.string("threat_indicator_path"),
                concurrent == null ? null : concurrent.intValue(),
                perSearch == null ? null : perSearch.intValue());
    }

    private MachineLearning machineLearning() {
        Long threshold = rule.integer("anomaly_threshold");
        if (threshold == null) {
            missing("anomaly_threshold", "integer");
        } else if (threshold < 0 || threshold > 100) {
            rule.error("anomaly_threshold", "'rule.anomaly_threshold' must be between 0 and 100, found " + threshold);
        }
        List<String> jobs = rule.strings("machine_learning_job_id");
        if (jobs.isEmpty()) {
            missing("machine_learning_job_id", "job id or list of job ids");
        }
        return new MachineLearning(threshold == null ? 0 : threshold.intValue(), jobs);
    }

    private void missing(String key, String what) {
        rule.error(key, "missing required " + what + " 'rule." + key + "' for a rule of this type");
    }
}
