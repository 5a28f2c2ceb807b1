package io.verdict.engine;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import io.verdict.engine.state.ThresholdResult;
import io.verdict.event.Event;

/**
 * Decides the rules that need past events (threshold, new_terms): an event that passes a rule's query and filters
 * is handed to the rule's tracker in the {@link StateStore}, which answers with what the event completed.
 */
final class StatefulRules {

    private StatefulRules() {
    }

    /** The alerts the event completes for one stateful rule; none when it does not pass the rule's filter. */
    static List<Alert> accept(CompiledRule rule, Event event, StateStore store, boolean includeEvent, Clock clock) {
        if (!rule.matcher().matches(event)) {
            return List.of();
        }
        var time = new EventTime(rule.rule(), clock).of(event);
        List<Alert> alerts = new ArrayList<>(0);
        switch (rule.coverage()) {
            case THRESHOLD -> {
                for (ThresholdResult result : store.threshold(rule.rule()).accept(event, time)) {
                    alerts.add(AlertAssembler.assemble(rule, event, includeEvent).with(result, null));
                }
            }
            case NEW_TERMS -> {
                for (List<String> terms : store.newTerms(rule.rule()).accept(event, time)) {
                    alerts.add(AlertAssembler.assemble(rule, event, includeEvent).with(null, terms));
                }
            }
            default -> throw new IllegalStateException(rule.coverage() + " is not decided by a tracker");
        }
        return alerts;
    }

    /** Feeds history without alerting: new_terms rules remember the event's combinations. */
    static void learn(CompiledRule rule, Event event, StateStore store, Clock clock) {
        if (rule.coverage() == Coverage.NEW_TERMS && rule.matcher().matches(event)) {
            store.newTerms(rule.rule()).learn(event, new EventTime(rule.rule(), clock).of(event));
        }
    }
}
