package io.verdict.rule;

import java.util.ArrayList;
import java.util.List;

/** Reads the alert-shaping keys of {@code [rule]}: mappings, overrides, suppression, exceptions. */
final class AlertSettingsReader {

    private static final List<String> SUPPRESSION_UNITS = List.of("s", "m", "h");
    private static final List<String> MISSING_FIELDS = List.of("suppress", "doNotSuppress");

    private AlertSettingsReader() {}

    static AlertSettings read(TomlFields rule) {
        List<SeverityMapping> severityMapping = new ArrayList<>();
        for (TomlFields m : rule.tables("severity_mapping")) {
            String severityId = m.requiredString("severity");
            Severity severity =
                    severityId == null ? null : Severity.fromId(severityId).orElse(null);
            if (severityId != null && severity == null) {
                m.error(
                        "severity",
                        "'" + m.qualified("severity") + "' must be one of low, medium, high, critical," + " found \""
                                + severityId + "\"");
            }
            severityMapping.add(new SeverityMapping(m.requiredString("field"), operator(m), value(m), severity));
            m.unread("(ignored)");
        }
        List<RiskScoreMapping> riskScoreMapping = new ArrayList<>();
        for (TomlFields m : rule.tables("risk_score_mapping")) {
            Long score = m.integer("risk_score");
            if (score != null && (score < 0 || score > 100)) {
                m.error("risk_score", "'" + m.qualified("risk_score") + "' must be between 0 and 100, found " + score);
            }
            riskScoreMapping.add(new RiskScoreMapping(
                    m.requiredString("field"), operator(m), value(m), score == null ? null : score.intValue()));
            m.unread("(ignored)");
        }
        String buildingBlock = rule.string("building_block_type");
        if (buildingBlock != null && !buildingBlock.equals("default")) {
            rule.error(
                    "building_block_type",
                    "'rule.building_block_type' must be \"default\", found \"" + buildingBlock + "\"");
        }
        List<String> investigationFields = List.of();
        TomlFields investigation = rule.table("investigation_fields");
        if (investigation != null) {
            investigationFields = investigation.strings("field_names");
            investigation.unread("(ignored)");
        }
        Long maxSignals = rule.integer("max_signals");
        if (maxSignals != null && maxSignals < 1) {
            rule.error("max_signals", "'rule.max_signals' must be at least 1, found " + maxSignals);
        }
        List<ExceptionListRef> exceptions = new ArrayList<>();
        for (TomlFields e : rule.tables("exceptions_list")) {
            exceptions.add(new ExceptionListRef(
                    e.requiredString("id"),
                    e.requiredString("list_id"),
                    e.requiredString("namespace_type"),
                    e.requiredString("type")));
            e.unread("(ignored)");
        }
        return new AlertSettings(
                severityMapping,
                riskScoreMapping,
                rule.string("rule_name_override"),
                rule.string("timestamp_override"),
                buildingBlock,
                investigationFields,
                suppression(rule),
                maxSignals == null ? null : maxSignals.intValue(),
                exceptions,
                rule.string("timeline_id"),
                rule.string("timeline_title"));
    }

    private static AlertSuppression suppression(TomlFields rule) {
        TomlFields s = rule.table("alert_suppression");
        if (s == null) {
            return null;
        }
        List<String> groupBy = s.strings("group_by");
        if (groupBy.size() > 3) {
            s.error("group_by", "'" + s.qualified("group_by") + "' takes at most 3 fields, found " + groupBy.size());
        }
        String missing = s.string("missing_fields_strategy");
        if (missing != null && !MISSING_FIELDS.contains(missing)) {
            s.error(
                    "missing_fields_strategy",
                    "'" + s.qualified("missing_fields_strategy") + "' must be one of " + MISSING_FIELDS + ", found \""
                            + missing + "\"");
        }
        AlertSuppression.Duration duration = null;
        TomlFields d = s.table("duration");
        if (d != null) {
            Long value = d.integer("value");
            String unit = d.requiredString("unit");
            if (value == null || value < 1) {
                d.error("value", "'" + d.qualified("value") + "' must be at least 1");
            }
            if (unit != null && !SUPPRESSION_UNITS.contains(unit)) {
                d.error("unit", "'" + d.qualified("unit") + "' must be one of s, m, h, found \"" + unit + "\"");
            }
            duration = new AlertSuppression.Duration(value == null ? 0 : value, unit);
            d.unread("(ignored)");
        }
        s.unread("(ignored)");
        return new AlertSuppression(groupBy, missing, duration);
    }

    private static String operator(TomlFields mapping) {
        String operator = mapping.string("operator");
        if (operator != null && !operator.equals("equals")) {
            mapping.error(
                    "operator",
                    "'" + mapping.qualified("operator") + "' must be \"equals\", found \"" + operator + "\"");
        }
        return operator == null ? "equals" : operator;
    }

    /** Mapping values are strings in TOML, but a number written bare means the same. */
    private static String value(TomlFields mapping) {
        Object value = mapping.plain("value");
        return value == null ? "" : value.toString();
    }
}
