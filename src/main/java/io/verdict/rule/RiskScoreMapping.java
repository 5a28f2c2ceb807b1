package io.verdict.rule;

/** A {@code risk_score_mapping} entry: the alert's risk score is read from {@code field}. */
public record RiskScoreMapping(String field, String operator, String value, Integer riskScore) {}
