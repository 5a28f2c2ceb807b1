package io.verdict.rule;

import java.util.List;

import io.verdict.query.Position;
import io.verdict.query.Problem;

/**
 * The outcome of reading one rule file: the rule when it has no errors, and every problem found either way.
 *
 * @param rule     null when {@code errors} is not empty
 * @param ruleIdAt where {@code rule_id} is written, for problems about the id found later (may be null)
 */
public record RuleLoad(String file, Rule rule, List<Problem> errors, List<Problem> warnings, Position ruleIdAt) {

    public RuleLoad {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
        if ((rule == null) == errors.isEmpty()) {
            throw new IllegalArgumentException("a load has a rule exactly when it has no errors");
        }
    }

    public boolean loaded() {
        return rule != null;
    }
}
