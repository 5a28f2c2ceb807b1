package io.verdict.config;

import io.verdict.engine.Detections;
import io.verdict.engine.Detector;
import io.verdict.lifecycle.RuleChanges;
import io.verdict.lifecycle.RuleTestGate;
import io.verdict.rule.RuleSet;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code rules} health: OUT_OF_SERVICE until the rule paths are loaded and compiled, then UP with the counts.
 * It is part of the readiness group, so a load balancer sends no event before the rules are there. Files that
 * failed do not make it DOWN: the others serve, and the errors are listed at {@code /api/v1/rules/errors}.
 */
@Component("rules")
class RuleHealthIndicator implements HealthIndicator {

    private final Detections detections;
    private final ObjectProvider<RuleChanges> changes;

    RuleHealthIndicator(Detections detections, ObjectProvider<RuleChanges> changes) {
        this.detections = detections;
        this.changes = changes;
    }

    @Override
    public Health health() {
        Detector current = detections.current();
        RuleSet set = current.ruleSet();
        if (set.loadedAt() == null) {
            return Health.outOfService().withDetail("rules", "loading").build();
        }
        return Health.up()
                .withDetail("rules", set.size())
                .withDetail("files", set.files())
                .withDetail("failed_files", set.failedFiles())
                .withDetail("errors", set.errors().size())
                .withDetail("coverage", current.coverage())
                .withDetail("loaded_at", set.loadedAt().toString())
                .withDetail("tests", tests())
                .build();
    }

    /** The rules' own test cases at the last load: rules tested and failing, cases passed, failed and skipped. */
    private java.util.Map<String, Object> tests() {
        RuleChanges found = changes.getIfAvailable();
        RuleTestGate.Report report = found == null ? RuleTestGate.Report.EMPTY : found.testReport();
        java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("rules_tested", report.rules().size());
        out.put("rules_failing", report.failingRules());
        out.put("passed", report.cases(RuleTestGate.Outcome::passed));
        out.put("failed", report.cases(RuleTestGate.Outcome::failed));
        out.put("skipped", report.cases(RuleTestGate.Outcome::skipped));
        out.put(
                "failing",
                report.rules().values().stream()
                        .filter(RuleTestGate.Outcome::failing)
                        .map(RuleTestGate.Outcome::ruleId)
                        .toList());
        return out;
    }
}
