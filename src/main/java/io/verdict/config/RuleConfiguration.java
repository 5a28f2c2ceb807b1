package io.verdict.config;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.verdict.engine.Detections;
import io.verdict.engine.Detector;
import io.verdict.engine.RuleCompiler;
import io.verdict.event.Schema;
import io.verdict.rule.RuleDirectories;
import io.verdict.rule.RuleLoader;
import io.verdict.rule.RuleRegistry;
import io.verdict.rule.RuleSet;

/** Wires the rule library into Spring and loads the configured rule paths before the service takes traffic. */
@Configuration(proxyBeanMethods = false)
class RuleConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RuleConfiguration.class);

    @Bean
    RuleRegistry ruleRegistry() {
        return new RuleRegistry();
    }

    @Bean
    Detections detections() {
        return new Detections(new RuleCompiler(Schema.ecs(), Clock.systemUTC()));
    }

    @Bean
    RuleDirectories ruleDirectories() {
        return new RuleDirectories(new RuleLoader(), Clock.systemUTC());
    }

    /** Runs before readiness turns to ACCEPTING_TRAFFIC, so the service is ready only with its rules loaded. */
    @Bean
    ApplicationRunner loadRules(RuleRegistry registry, Detections detections, RuleDirectories directories,
                                VerdictProperties properties) {
        return (ApplicationArguments args) -> {
            RuleSet set = directories.load(properties.rules().paths());
            long started = System.nanoTime();
            Detector detector = detections.install(set);
            registry.replace(set);
            log.info("Loaded {} rules from {} files under {} in {} ms: {} errors, {} warnings", set.size(), set.files(),
                    properties.rules().paths(), set.loadTime().toMillis(), set.errors().size(), set.warnings().size());
            log.info("Compiled them in {} ms: {}", (System.nanoTime() - started) / 1_000_000, detector.coverage());
            set.errors().forEach(problem -> log.warn("{}", problem));
            RuleCompiler.queryProblems(detector).forEach(problem -> log.warn("{}", problem));
        };
    }
}
