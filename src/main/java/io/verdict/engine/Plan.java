package io.verdict.engine;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.verdict.event.Event;

/**
 * The rules one request applies, chosen once per request from a {@link Detector} snapshot: those that decide
 * events, and how many selected rules are skipped for each reason. Immutable (its routing cache aside);
 * evaluates any number of events, from any number of threads.
 *
 * <p>An event is tried only on the selected rules that search its index and that the detector's {@link RuleIndex}
 * finds it can possibly match; every other rule provably passes over it. Alerts come in the detector's rule
 * order either way. Stateful rules (threshold, new_terms, EQL sequences and samples) are tried the same way; an
 * event that passes one goes to its tracker in the plan's {@link StateStore}.
 */
public final class Plan {

    /** What to do with an event that names no index ({@code _index} or {@code data_stream.*}). */
    public enum Unrouted { ALL_RULES, NO_RULES }

    /** How a plan finds the rules to try on an event: through the rule index, or every rule in turn. */
    public enum Dispatch { INDEXED, SCAN }

    private final CompiledRule[] all;
    private final RuleIndex index;
    private final boolean[] chosen;
    private final int evaluating;
    private final Map<String, Integer> skipped;
    private final int selected;
    private final Routes routes;
    private final StateStore store;
    private final Clock clock = Clock.systemUTC();

    Plan(CompiledRule[] all, RuleIndex index, boolean[] chosen, Map<String, Integer> skipped, int selected,
         Unrouted unrouted) {
        this(all, index, chosen, Collections.unmodifiableMap(new TreeMap<>(skipped)), selected,
                new Routes(all, chosen, unrouted), new StateStore(100_000, 1_000_000));
    }

    private Plan(CompiledRule[] all, RuleIndex index, boolean[] chosen, Map<String, Integer> skipped, int selected,
                 Routes routes, StateStore store) {
        this.all = all;
        this.index = index;
        this.chosen = chosen;
        this.skipped = skipped;
        this.selected = selected;
        this.routes = routes;
        this.store = store;
        int count = 0;
        for (boolean c : chosen) {
            count += c ? 1 : 0;
        }
        this.evaluating = count;
    }

    /**
     * The same plan keeping the state of its stateful rules in {@code state} (the service's, across requests);
     * a plan made without one keeps it for itself. The copy shares the routing decisions already made.
     */
    public Plan withState(StateStore state) {
        return new Plan(all, index, chosen, skipped, selected, routes, state);
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
        return evaluating;
    }

    /**
     * The alerts of every rule that matches the event. {@link Evaluation#evaluated()} counts the rules that search
     * the event's index (run, or passed over by the index because they cannot match), {@link
     * Evaluation#notRouted()} those that do not.
     */
    public Evaluation evaluate(Event event, boolean includeEvent) {
        return evaluate(event, includeEvent, true, true);
    }

    /**
     * Only the rules that decide an event on its own: safe to run on events out of order, from any thread. The
     * counts of the evaluation cover all the plan's rules.
     */
    public Evaluation evaluateStateless(Event event, boolean includeEvent) {
        return evaluate(event, includeEvent, true, false);
    }

    /**
     * Only the stateful rules: events must come in order (a batch calls it on the request thread, in input order,
     * after {@link #evaluateStateless}); its evaluation carries alerts and failures, no counts.
     */
    public Evaluation evaluateStateful(Event event, boolean includeEvent) {
        return evaluate(event, includeEvent, false, true);
    }

    /** Whether the plan has stateful rules at all (a batch then keeps their events to feed them in time order). */
    public boolean hasStateful() {
        for (int p = 0; p < all.length; p++) {
            if (chosen[p] && all[p].coverage().stateful()) {
                return true;
            }
        }
        return false;
    }

    private Evaluation evaluate(Event event, boolean includeEvent, boolean stateless, boolean stateful) {
        Routes.Routing routing = routes.of(event);
        RuleIndex.Candidates candidates = index.candidates(event);
        int[] positions = candidates.positions;
        List<Alert> alerts = List.of();
        List<Evaluation.RuleFailure> failures = List.of();
        boolean[] routed = routing.routed();
        for (int i = 0, n = candidates.count; i < n; i++) {
            int p = positions[i];
            if (!routed[p]) {
                continue;
            }
            CompiledRule rule = all[p];
            if (rule.coverage().stateful() ? !stateful : !stateless) {
                continue;
            }
            try {
                if (rule.coverage().stateful()) {
                    List<Alert> completed = StatefulRules.accept(rule, event, store, includeEvent, clock);
                    if (!completed.isEmpty()) {
                        if (alerts.isEmpty()) {
                            alerts = new ArrayList<>(completed.size());
                        }
                        alerts.addAll(completed);
                    }
                } else if (rule.matcher().matches(event)) {
                    if (alerts.isEmpty()) {
                        alerts = new ArrayList<>(2);
                    }
                    alerts.add(AlertAssembler.assemble(rule, event, includeEvent));
                }
            } catch (RuntimeException e) {
                // one rule failing on one event must not hide the answers of the others
                if (failures.isEmpty()) {
                    failures = new ArrayList<>(1);
                }
                failures.add(new Evaluation.RuleFailure(rule.ruleId(), e.getClass().getSimpleName() + ": " + e.getMessage()));
            }
        }
        return stateless ? new Evaluation(alerts, routing.evaluated(), routing.notRouted(), failures)
                : new Evaluation(alerts, 0, 0, failures);
    }

    /** Feeds the event to the stateful rules as history, without alerting (new_terms rules remember it). */
    public void learn(Event event) {
        boolean[] routed = routes.of(event).routed();
        for (int p = 0; p < all.length; p++) {
            if (routed[p] && all[p].coverage().stateful()) {
                StatefulRules.learn(all[p], event, store, clock);
            }
        }
    }
}
