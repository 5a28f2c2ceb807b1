package io.verdict.engine;

import java.util.List;
import java.util.Set;

/**
 * Something a rule's query requires of every event it matches: at least one of {@code anyOf} holds. Derived from
 * the query's syntax tree by {@link RequiredLiterals}; the {@link RuleIndex} skips a rule for an event that
 * cannot meet one of its requirements.
 *
 * @param anyOf alternatives (several when the query says {@code a or b}), each a field holding one of some literals
 */
public record Requirement(List<Value> anyOf) {

    public Requirement {
        anyOf = List.copyOf(anyOf);
    }

    /**
     * The field has a value whose text, folded by {@code fold}, is one of {@code keys} (already folded); with
     * {@link KeyFold#ANY}, the field has a value.
     */
    public record Value(String field, KeyFold fold, Set<String> keys) {
        public Value {
            keys = Set.copyOf(keys);
        }
    }

    /** What one literal of a broad field costs. */
    static final int BROAD_COST = 50;
    /** What a field merely having a value costs: it narrows less than a literal, more than a broad field. */
    static final int ANY_COST = 20;

    /** Fields that most events have or share few values ({@code event.category}): they narrow the least. */
    private static final Set<String> BROAD = Set.of(
            "event.category",
            "event.type",
            "event.kind",
            "event.outcome",
            "event.module",
            "event.dataset",
            "data_stream.dataset",
            "data_stream.type",
            "agent.type",
            "host.os.type",
            "host.os.family",
            "host.os.platform",
            "host.os.name",
            "os.type",
            "event.provider",
            "event.agent_id_status");

    /**
     * Whether it names literals of narrow fields only: met by few events, unlike a broad field's literal or a
     * field merely having a value.
     */
    boolean selective() {
        for (Value v : anyOf) {
            if (v.fold() == KeyFold.ANY || BROAD.contains(v.field())) {
                return false;
            }
        }
        return true;
    }

    /** How many rules it lets through, roughly: literals per alternative, a broad field counting for many. */
    int cost() {
        int cost = 0;
        for (Value v : anyOf) {
            cost += v.fold() == KeyFold.ANY ? ANY_COST : v.keys().size() * (BROAD.contains(v.field()) ? BROAD_COST : 1);
        }
        return cost;
    }
}
