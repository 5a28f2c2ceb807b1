package io.verdict.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.verdict.event.Event;

/**
 * The rules one request applies, chosen once per request from a {@link Detector} snapshot: those that decide
 * events, and how many selected rules are skipped for each reason. Immutable; evaluates any number of events.
 */
public final class Plan {

    /** What to do with an event that names no index ({@code _index} or {@code data_stream.*}). */
    public enum Unrouted { ALL_RULES, NO_RULES }

    private final List<CompiledRule> rules;
    private final Map<String, Integer> skipped;
    private final int selected;
    private final Unrouted unrouted;

    Plan(List<CompiledRule> rules, Map<String, Integer> skipped, int selected, Unrouted unrouted) {
        this.rules = List.copyOf(rules);
        this.skipped = java.util.Collections.unmodifiableMap(new TreeMap<>(skipped));
        this.selected = selected;
        this.unrouted = unrouted;
    }

    /** Selected rules skipped, by reason ({@code needs_state:eql_sequence} ...). */
    public Map<String, Integer> skipped() {
        return skipped;
    }

    /** Rules the request selected, evaluated or not. */
    public int selected() {
        return selected;
    }

    /** Rules that decide events one at a time. */
    public int evaluating() {
        return rules.size();
    }

    public Evaluation evaluate(Event event, boolean includeEvent) {
        String index = EventIndex.of(event);
        List<Alert> alerts = new ArrayList<>(0);
        List<Evaluation.RuleFailure> failures = new ArrayList<>(0);
        int evaluated = 0;
        int notRouted = 0;
        for (CompiledRule rule : rules) {
            if (!routed(rule, index)) {
                notRouted++;
                continue;
            }
            evaluated++;
            try {
                if (rule.matcher().matches(event)) {
                    alerts.add(AlertAssembler.assemble(rule, event, includeEvent));
                }
            } catch (RuntimeException e) {
                // one rule failing on one event must not hide the answers of the others
                failures.add(new Evaluation.RuleFailure(rule.ruleId(), e.getClass().getSimpleName() + ": " + e.getMessage()));
            }
        }
        return new Evaluation(alerts, evaluated, notRouted, failures);
    }

    private boolean routed(CompiledRule rule, String index) {
        if (index == null) {
            return unrouted == Unrouted.ALL_RULES || rule.index().acceptsAll();
        }
        return rule.index().accepts(index);
    }
}
