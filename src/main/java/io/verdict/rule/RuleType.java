package io.verdict.rule;

import java.util.Arrays;
import java.util.Optional;

/** {@code rule.type}: how Kibana runs the rule. */
public enum RuleType {
    QUERY("query"),
    SAVED_QUERY("saved_query"),
    MACHINE_LEARNING("machine_learning"),
    EQL("eql"),
    ESQL("esql"),
    THRESHOLD("threshold"),
    THREAT_MATCH("threat_match"),
    NEW_TERMS("new_terms");

    private final String id;

    RuleType(String id) {
        this.id = id;
    }

    /** The value as written in TOML and JSON. */
    public String id() {
        return id;
    }

    public static Optional<RuleType> fromId(String id) {
        return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
    }

    @Override
    public String toString() {
        return id;
    }
}
