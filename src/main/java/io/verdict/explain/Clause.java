package io.verdict.explain;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * One clause of a query and what it made of an event.
 *
 * @param text     the clause as EQL or KQL text
 * @param operator {@code and}, {@code or} or {@code not} for a clause made of others; null for a leaf
 * @param result   whether the event satisfies it, as the whole query would count it
 * @param values   the event's values of the fields the clause reads (leaves only); a missing field is absent
 * @param hint     why a leaf failed when the reason is a common trap (case-sensitive operator, missing field)
 * @param decisive for a query that did not match: this clause is one that decided it
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Clause(
        String text,
        String operator,
        boolean result,
        Map<String, Object> values,
        String hint,
        boolean decisive,
        List<Clause> children) {

    public Clause {
        values = values == null
                ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
        children = List.copyOf(children);
    }

    /** This clause marked as one that decided a non-match, and below it the clauses that decided it. */
    Clause markDecisive() {
        List<Clause> marked = children;
        if (!result && "and".equals(operator)) {
            marked = children.stream()
                    .map(c -> c.result() ? c : c.markDecisive())
                    .toList();
        } else if (!result && "or".equals(operator)) {
            marked = children.stream().map(Clause::markDecisive).toList();
        } else if (!result && "not".equals(operator)) {
            marked = children.stream()
                    .map(c -> new Clause(c.text, c.operator, c.result, c.values, c.hint, true, c.children))
                    .toList();
        }
        return new Clause(text, operator, result, values, hint, true, marked);
    }
}
