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

    /** Nothing: no alert, no failure, no rule counted. */
    public static final Evaluation NONE = new Evaluation(List.of(), 0, 0, List.of());

    public Evaluation {
        alerts = List.copyOf(alerts);
        failures = List.copyOf(failures);
    }

    /** This evaluation with the alerts and failures of another of the same event (its counts are kept). */
    public Evaluation plus(Evaluation more) {
        if (more.alerts.isEmpty() && more.failures.isEmpty()) {
            return this;
        }
        List<Alert> allAlerts = new java.util.ArrayList<>(alerts);
        allAlerts.addAll(more.alerts);
        List<RuleFailure> allFailures = new java.util.ArrayList<>(failures);
        allFailures.addAll(more.failures);
        return new Evaluation(allAlerts, evaluated, notRouted, allFailures);
    }

    public boolean matched() {
        return !alerts.isEmpty();
    }

    /**
     * A rule that failed while deciding an event.
     *
     * @param reason {@code error} for a rule that threw, {@link Plan#BUDGET_EXCEEDED} for one stopped because it
     *               outlasted its time budget on the event
     */
    public record RuleFailure(String ruleId, String message, String reason) {

        public static final String ERROR = "error";

        public RuleFailure(String ruleId, String message) {
            this(ruleId, message, ERROR);
        }

        /** A rule's failure on an event or a tick: over its budget, or an error it met. */
        static RuleFailure of(CompiledRule rule, RuntimeException e) {
            if (e instanceof io.verdict.query.Budget.Exceeded over) {
                return new RuleFailure(
                        rule.ruleId(),
                        Plan.BUDGET_EXCEEDED + ": the rule " + over.getMessage() + " and was skipped for it",
                        Plan.BUDGET_EXCEEDED);
            }
            return new RuleFailure(rule.ruleId(), e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /**
     * The event itself cannot be read (its bytes are not valid JSON text, e.g. invalid UTF-8 found when a rule or
     * the alert first reads that part): a fault of the event, not of a rule, so no rule decides it.
     */
    public static final class UnreadableEvent extends RuntimeException {
        public UnreadableEvent(String message) {
            super(message, null, false, false);
        }
    }
}
