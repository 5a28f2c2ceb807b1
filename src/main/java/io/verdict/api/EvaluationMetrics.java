package io.verdict.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.verdict.engine.Alert;
import io.verdict.engine.Evaluation;
import io.verdict.engine.Plan;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Evaluation metrics: {@code verdict.events.evaluated}, {@code verdict.events.rejected} (bad input),
 * {@code verdict.evaluation} (latency per event, with a histogram), {@code verdict.alerts} per rule_id,
 * {@code verdict.rule.errors} per rule_id and, among those, {@code verdict.rule.budget.exceeded} per rule_id (a rule
 * stopped on an event for outlasting its evaluation budget).
 */
@Component
class EvaluationMetrics {

    private final MeterRegistry meters;
    private final Counter evaluated;
    private final Counter rejected;
    private final Timer latency;
    private final Map<String, Counter> alertCounters = new ConcurrentHashMap<>();

    EvaluationMetrics(MeterRegistry meters) {
        this.meters = meters;
        this.evaluated = Counter.builder("verdict.events.evaluated")
                .description("events evaluated")
                .register(meters);
        this.rejected = Counter.builder("verdict.events.rejected")
                .description("batch items that were not a JSON object")
                .register(meters);
        this.latency = Timer.builder("verdict.evaluation")
                .description("time to evaluate one event against the rules")
                .publishPercentileHistogram()
                .register(meters);
    }

    void record(Evaluation evaluation, long nanos) {
        evaluated.increment();
        latency.record(nanos, TimeUnit.NANOSECONDS);
        alerts(evaluation);
    }

    /** Alerts and failures found after an event was counted (the stateful rules of a batch). */
    void alerts(Evaluation evaluation) {
        for (Alert alert : evaluation.alerts()) {
            // one registry lookup (tags built, ids hashed) per alert cost more than the rule that raised it
            alertCounters
                    .computeIfAbsent(alert.rule().ruleId(), id -> meters.counter("verdict.alerts", "rule_id", id))
                    .increment();
        }
        for (Evaluation.RuleFailure failure : evaluation.failures()) {
            meters.counter("verdict.rule.errors", "rule_id", failure.ruleId()).increment();
            if (Plan.BUDGET_EXCEEDED.equals(failure.reason())) {
                meters.counter("verdict.rule.budget.exceeded", "rule_id", failure.ruleId())
                        .increment();
            }
        }
    }

    void rejected() {
        rejected.increment();
    }
}
