package io.verdict.rule;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/** {@code rule.language}: the query language of a query-based rule. */
public enum Language {
    KUERY("kuery"),
    LUCENE("lucene"),
    EQL("eql"),
    ESQL("esql");

    private final String id;

    Language(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<Language> fromId(String id) {
        return Arrays.stream(values()).filter(l -> l.id.equals(id)).findFirst();
    }

    /** The languages detection-rules accepts for a rule type; empty for types that carry no query. */
    public static Set<Language> allowedFor(RuleType type) {
        return switch (type) {
            case EQL -> Set.of(EQL);
            case ESQL -> Set.of(ESQL);
            case QUERY, SAVED_QUERY, THRESHOLD, THREAT_MATCH, NEW_TERMS -> Set.of(KUERY, LUCENE);
            case MACHINE_LEARNING -> Set.of();
        };
    }

    @Override
    public String toString() {
        return id;
    }
}
