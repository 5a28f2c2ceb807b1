package io.verdict.lifecycle;

import io.verdict.query.Problem;
import io.verdict.rule.Rule;
import java.util.List;
import java.util.Map;

/**
 * One uploaded rule, read and checked but not applied: its TOML document (to store), the rule read from it, and
 * every problem with its file, line and column. {@code rule} is null when {@code problems} is not empty.
 *
 * @param origin   how problems name the upload ({@code upload.toml}, {@code export.ndjson:3})
 * @param ruleId   the id as written, when it could be found (even if the rule has problems)
 */
public record Candidate(
        String origin,
        String ruleId,
        Map<String, Object> document,
        Rule rule,
        List<Problem> problems,
        List<Problem> warnings) {

    public Candidate {
        problems = List.copyOf(problems);
        warnings = List.copyOf(warnings);
    }

    public boolean valid() {
        return problems.isEmpty();
    }
}
