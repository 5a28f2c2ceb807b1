package io.verdict.rule;

import java.util.List;

/**
 * {@code [rule.alert_suppression]}: alerts sharing the {@code groupBy} values are merged for {@code duration}
 * (or one rule run when absent).
 */
public record AlertSuppression(List<String> groupBy, String missingFieldsStrategy, Duration duration) {

    public AlertSuppression {
        groupBy = List.copyOf(groupBy);
    }

    /** A suppression window, {@code value} of {@code unit} (s, m or h). */
    public record Duration(long value, String unit) {}
}
