package io.verdict.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.verdict.rule.RuleSet;

/**
 * The compiled form of one {@link RuleSet}: every rule with its {@link Coverage}. Immutable; the service swaps
 * whole detectors when the rules change, and a request plans against the one it read.
 */
public final class Detector {

    public static final Detector EMPTY = new Detector(RuleSet.EMPTY, List.of());

    private final RuleSet ruleSet;
    private final List<CompiledRule> rules;
    private final Map<String, CompiledRule> byId;

    public Detector(RuleSet ruleSet, List<CompiledRule> rules) {
        this.ruleSet = ruleSet;
        this.rules = List.copyOf(rules);
        Map<String, CompiledRule> index = new LinkedHashMap<>();
        rules.forEach(r -> index.put(r.ruleId(), r));
        this.byId = Collections.unmodifiableMap(index);
    }

    public RuleSet ruleSet() {
        return ruleSet;
    }

    public List<CompiledRule> rules() {
        return rules;
    }

    public Optional<CompiledRule> find(String ruleId) {
        return Optional.ofNullable(byId.get(ruleId));
    }

    /** How many rules have each coverage, by reason ({@code evaluated}, {@code needs_state:threshold} ...). */
    public Map<String, Integer> coverage() {
        Map<String, Integer> counts = new TreeMap<>();
        rules.forEach(r -> counts.merge(r.coverage().reason(), 1, Integer::sum));
        return counts;
    }

    /** The rules a request applies, with a state store of its own (nothing carries over to other requests). */
    public Plan plan(Selection selection, Plan.Unrouted unrouted) {
        return plan(selection, unrouted, new StateStore(100_000, 1_000_000));
    }

    /** The rules a request applies; stateful rules keep their state in {@code store}. */
    public Plan plan(Selection selection, Plan.Unrouted unrouted, StateStore store) {
        List<CompiledRule> evaluating = new ArrayList<>();
        List<CompiledRule> stateful = new ArrayList<>();
        Map<String, Integer> skipped = new HashMap<>();
        int selected = 0;
        for (CompiledRule rule : rules) {
            if (!selection.test(rule.rule())) {
                continue;
            }
            selected++;
            if (rule.runnable(selection)) {
                evaluating.add(rule);
            } else if (rule.coverage().stateful()) {
                stateful.add(rule);
            } else {
                skipped.merge(rule.coverage().reason(), 1, Integer::sum);
            }
        }
        return new Plan(evaluating, stateful, store, skipped, selected, unrouted);
    }
}
