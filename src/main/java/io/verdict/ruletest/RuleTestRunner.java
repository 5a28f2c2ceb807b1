package io.verdict.ruletest;

import io.verdict.engine.Alert;
import io.verdict.engine.CompiledRule;
import io.verdict.engine.Coverage;
import io.verdict.engine.Detector;
import io.verdict.engine.Evaluation;
import io.verdict.engine.Plan;
import io.verdict.engine.Selection;
import io.verdict.engine.StateStore;
import io.verdict.event.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Runs rule test cases against a compiled rule set, one rule at a time, as the evaluate API would decide them. */
public final class RuleTestRunner {

    private final Detector detector;

    public RuleTestRunner(Detector detector) {
        this.detector = detector;
    }

    public List<RuleTestResult> run(RuleTestFile file) {
        List<RuleTestResult> results = new ArrayList<>();
        if (!file.problems().isEmpty()) {
            file.problems()
                    .forEach(p -> results.add(new RuleTestResult(
                            file.file(),
                            file.ruleId(),
                            String.valueOf(file.ruleId()),
                            "(file)",
                            p.line(),
                            RuleTestResult.Outcome.FAILED,
                            p.message())));
            return results;
        }
        Optional<CompiledRule> rule = detector.find(file.ruleId());
        for (RuleTestCase c : file.cases()) {
            results.add(rule.map(r -> run(file, r, c))
                    .orElseGet(() -> new RuleTestResult(
                            file.file(),
                            file.ruleId(),
                            file.ruleId(),
                            c.name(),
                            c.line(),
                            RuleTestResult.Outcome.FAILED,
                            "no loaded rule has rule_id " + file.ruleId())));
        }
        return results;
    }

    private RuleTestResult run(RuleTestFile file, CompiledRule rule, RuleTestCase c) {
        String name = rule.rule().name();
        boolean decides =
                rule.coverage().evaluated() || rule.coverage().stateful() || rule.coverage() == Coverage.DISABLED;
        if (!decides || rule.matcher() == null) {
            return result(
                    file,
                    rule,
                    c,
                    RuleTestResult.Outcome.SKIPPED,
                    "the rule is not evaluated event by event ("
                            + rule.coverage().reason() + ")");
        }
        // a plan of its own: the state of threshold, new_terms and sequence rules starts empty for every case
        Plan plan = detector.plan(new Selection(Set.of(rule.ruleId()), Set.of(), Set.of()), Plan.Unrouted.ALL_RULES)
                .withState(new StateStore(10_000, 10_000));
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < c.events().size(); i++) {
            Event event;
            try {
                event = Event.parse(c.events().get(i));
            } catch (IllegalArgumentException e) {
                return result(file, rule, c, RuleTestResult.Outcome.FAILED, "event " + (i + 1) + " " + e.getMessage());
            }
            Evaluation evaluation = plan.evaluate(event, false);
            if (!evaluation.failures().isEmpty()) {
                return result(
                        file,
                        rule,
                        c,
                        RuleTestResult.Outcome.FAILED,
                        "the rule failed on event " + (i + 1) + ": "
                                + evaluation.failures().get(0).message());
            }
            alerts.addAll(evaluation.alerts());
        }
        // the case's stream ends here: the ticks of ES|QL rules that would run after it run now
        Evaluation flushed = plan.flush(false);
        if (!flushed.failures().isEmpty()) {
            return result(
                    file,
                    rule,
                    c,
                    RuleTestResult.Outcome.FAILED,
                    "the rule failed at a tick: " + flushed.failures().get(0).message());
        }
        alerts.addAll(flushed.alerts());
        if (!c.alert()) {
            return alerts.isEmpty()
                    ? result(file, rule, c, RuleTestResult.Outcome.PASSED, null)
                    : result(
                            file,
                            rule,
                            c,
                            RuleTestResult.Outcome.FAILED,
                            "expected no alert, got " + alerts.size() + " ("
                                    + alerts.get(0).reason() + ")");
        }
        if (alerts.isEmpty()) {
            return result(
                    file,
                    rule,
                    c,
                    RuleTestResult.Outcome.FAILED,
                    "expected an alert, got none from " + c.events().size() + " event(s)");
        }
        Alert first = alerts.get(0);
        if (c.severity() != null && !c.severity().equals(first.severity())) {
            return result(
                    file,
                    rule,
                    c,
                    RuleTestResult.Outcome.FAILED,
                    "expected severity " + c.severity() + ", got " + first.severity());
        }
        if (c.riskScore() != null && c.riskScore() != first.riskScore()) {
            return result(
                    file,
                    rule,
                    c,
                    RuleTestResult.Outcome.FAILED,
                    "expected risk_score " + c.riskScore() + ", got " + first.riskScore());
        }
        return result(file, rule, c, RuleTestResult.Outcome.PASSED, null);
    }

    private static RuleTestResult result(
            RuleTestFile file, CompiledRule rule, RuleTestCase c, RuleTestResult.Outcome outcome, String message) {
        return new RuleTestResult(file.file(), rule.ruleId(), rule.rule().name(), c.name(), c.line(), outcome, message);
    }
}
