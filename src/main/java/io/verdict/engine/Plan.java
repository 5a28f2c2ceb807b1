package io.verdict.engine;

import java.time.Clock;
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
    private final List<CompiledRule> stateful;
    private final StateStore store;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Integer> skipped;
    private final int selected;
    private final Unrouted unrouted;

    Plan(List<CompiledRule> rules, List<CompiledRule> stateful, StateStore store, Map<String, Integer> skipped,
         int selected, Unrouted unrouted) {
        this.rules = List.copyOf(rules);
        this.stateful = List.copyOf(stateful);
        this.store = store;
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

    /** Rules that decide events, alone or with state across events. */
    public int evaluating() {
        return rules.size() + stateful.size();
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
        for (CompiledRule rule : stateful) {
            if (!routed(rule, index)) {
                notRouted++;
                continue;
            }
            evaluated++;
            try {
                alerts.addAll(StatefulRules.accept(rule, event, store, includeEvent, clock));
            } catch (RuntimeException e) {
                failures.add(new Evaluation.RuleFailure(rule.ruleId(), e.getClass().getSimpleName() + ": " + e.getMessage()));
            }
        }
        return new Evaluation(alerts, evaluated, notRouted, failures);
    }

    /** Feeds the event to the stateful rules as history, without alerting (new_terms rules remember it). */
    public void learn(Event event) {
        String index = EventIndex.of(event);
        for (CompiledRule rule : stateful) {
            if (routed(rule, index)) {
                StatefulRules.learn(rule, event, store, clock);
            }
        }
    }

    private boolean routed(CompiledRule rule, String index) {
        if (index == null) {
            return unrouted == Unrouted.ALL_RULES || rule.index().acceptsAll();
        }
        return rule.index().accepts(index);
    }
}
