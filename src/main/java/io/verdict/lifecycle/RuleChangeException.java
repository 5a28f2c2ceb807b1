package io.verdict.lifecycle;

import io.verdict.query.Problem;
import java.util.List;

/** A change that cannot be applied; nothing was changed. The API turns the kind into a status and problem type. */
public final class RuleChangeException extends RuntimeException {

    public enum Kind {
        /** the uploaded rules or exceptions have problems (400, {@code invalid-rule}) */
        INVALID("invalid-rule"),
        /** a rule_id or item_id already exists (409, {@code rule-exists}) */
        CONFLICT("rule-exists"),
        /** no rule or exception item with that id (404, {@code rule-not-found}) */
        NOT_FOUND("rule-not-found"),
        /** the rule is only in a configured rule directory, which Verdict does not write (409, {@code rule-read-only}) */
        READ_ONLY("rule-read-only"),
        /** the uploaded rule fails its own test cases and tests refuse failing rules (422, {@code rule-tests-failed}) */
        TESTS_FAILED("rule-tests-failed");

        private final String type;

        Kind(String type) {
            this.type = type;
        }

        /** the last part of the problem type URI */
        public String type() {
            return type;
        }
    }

    private final Kind kind;
    private final List<Problem> problems;
    private final List<String> ids;

    public RuleChangeException(Kind kind, String message, List<Problem> problems, List<String> ids) {
        super(message);
        this.kind = kind;
        this.problems = List.copyOf(problems);
        this.ids = List.copyOf(ids);
    }

    public Kind kind() {
        return kind;
    }

    public List<Problem> problems() {
        return problems;
    }

    public List<String> ids() {
        return ids;
    }
}
