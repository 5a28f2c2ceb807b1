package io.verdict.engine;

import java.util.List;

/**
 * What the rules made of one event.
 *
 * @param alerts      one per rule that matched
 * @param evaluated   rules that decided this event
 * @param notRouted   evaluated-kind rules passed over because they do not search the event's index
 * @param failures    rules that failed at run time on this event; the others still answered
 */
public record Evaluation(List<Alert> alerts, int evaluated, int notRouted, List<RuleFailure> failures) {

    public Evaluation {
        alerts = List.copyOf(alerts);
        failures = List.copyOf(failures);
    }

    public boolean matched() {
        return !alerts.isEmpty();
    }

    /** A rule that threw while deciding an event. */
    public record RuleFailure(String ruleId, String message) {
    }
}
