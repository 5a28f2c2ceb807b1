package io.verdict.rule;

/** A {@code severity_mapping} entry: when {@code field} equals {@code value}, the alert takes {@code severity}. */
public record SeverityMapping(String field, String operator, String value, Severity severity) {}
