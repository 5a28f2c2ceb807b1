package io.verdict.rule;

import io.verdict.query.Position;
import io.verdict.query.Problem;
import java.util.List;

/**
 * The outcome of reading one rule file: the rule when it has no errors, and every problem found either way.
 *
 * @param rule     null when {@code errors} is not empty
 * @param ruleIdAt where {@code rule_id} is written, for problems about the id found later (may be null)
 * @param draft    when {@code errors} is not empty but the file parsed: the rule as far as it could be read, never
 *                 installed; its queries are compiled only to report their problems in the same run as the others
 */
public record RuleLoad(
        String file, Rule rule, List<Problem> errors, List<Problem> warnings, Position ruleIdAt, Rule draft) {

    public RuleLoad {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
        if ((rule == null) == errors.isEmpty()) {
            throw new IllegalArgumentException("a load has a rule exactly when it has no errors");
        }
        if (rule != null && draft != null) {
            throw new IllegalArgumentException("a draft is what is left of a rule that did not load");
        }
    }

    public RuleLoad(String file, Rule rule, List<Problem> errors, List<Problem> warnings, Position ruleIdAt) {
        this(file, rule, errors, warnings, ruleIdAt, null);
    }

    public boolean loaded() {
        return rule != null;
    }
}
