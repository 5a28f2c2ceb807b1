package io.verdict.config;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import io.verdict.engine.Detections;
import io.verdict.rule.RuleRegistry;
import io.verdict.rule.RuleSet;

/**
 * {@code rules} health: OUT_OF_SERVICE until the rule paths are loaded and compiled, then UP with the counts.
 * It is part of the readiness group, so a load balancer sends no event before the rules are there. Files that
 * failed do not make it DOWN: the others serve, and the errors are listed at {@code /api/v1/rules/errors}.
 */
@Component("rules")
class RuleHealthIndicator implements HealthIndicator {

    private final RuleRegistry registry;
    private final Detections detections;

    RuleHealthIndicator(RuleRegistry registry, Detections detections) {
        this.registry = registry;
        this.detections = detections;
    }

    @Override
    public Health health() {
        RuleSet set = registry.current();
        if (!registry.loaded() || !detections.ready()) {
            return Health.outOfService().withDetail("rules", "loading").build();
        }
        return Health.up()
                .withDetail("rules", set.size())
                .withDetail("files", set.files())
                .withDetail("failed_files", set.failedFiles())
                .withDetail("errors", set.errors().size())
                .withDetail("coverage", detections.current().coverage())
                .withDetail("loaded_at", set.loadedAt().toString())
                .build();
    }
}
