package io.verdict.engine;

import io.verdict.rule.Rule;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Which rules a request applies; empty sets select everything. Tags compare ignoring case.
 *
 * @param types rule types by their id ({@code eql}, {@code query}, ...)
 */
public record Selection(Set<String> ruleIds, Set<String> tags, Set<String> types) implements Predicate<Rule> {

    public static final Selection ALL = new Selection(Set.of(), Set.of(), Set.of());

    public Selection {
        ruleIds = Set.copyOf(ruleIds);
        tags = tags.stream().map(t -> t.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        types = Set.copyOf(types);
    }

    @Override
    public boolean test(Rule rule) {
        return (ruleIds.isEmpty() || ruleIds.contains(rule.ruleId()))
                && (types.isEmpty() || types.contains(rule.type().id()))
                && (tags.isEmpty() || rule.tags().stream().anyMatch(t -> tags.contains(t.toLowerCase(Locale.ROOT))));
    }

    public boolean all() {
        return ruleIds.isEmpty() && tags.isEmpty() && types.isEmpty();
    }
}
