package io.verdict.rule;

import java.util.List;

/** {@code [rule.new_terms]}: alert when the combination of {@code fields} is new since {@code historyWindowStart}. */
public record NewTerms(List<String> fields, String historyWindowStart) implements TypeBlock {

    public NewTerms {
        fields = List.copyOf(fields);
    }
}
