package io.verdict.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.verdict.engine.CompiledRule;
import io.verdict.engine.Detections;
import io.verdict.engine.RuleCompiler;
import io.verdict.engine.StateStore;
import io.verdict.event.Schema;
import io.verdict.lifecycle.RuleChanges;
import io.verdict.lifecycle.RuleFileWatch;
import io.verdict.lifecycle.RuleTestGate;
import io.verdict.lifecycle.RuleUploads;
import io.verdict.query.Problem;
import io.verdict.rule.Rule;
import io.verdict.rule.RuleCatalog;
import io.verdict.rule.RuleDirectories;
import io.verdict.rule.RuleLoadCache;
import io.verdict.rule.RuleLoader;
import io.verdict.rule.RuleSet;
import io.verdict.rule.RuleStore;
import io.verdict.rule.TomlBounds;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the rule library into Spring and loads the configured rule paths before the service takes traffic. */
@Configuration(proxyBeanMethods = false)
class RuleConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RuleConfiguration.class);
    /** How often rule files are polled while file-system events are watched too. */
    private static final Duration SAFETY_POLL = Duration.ofMinutes(1);
    /** How long a burst of file events is waited out before one reload. */
    private static final Duration WATCH_SETTLE = Duration.ofMillis(100);

    @Bean
    Detections detections(VerdictProperties properties, Schema schema, Clock clock) {
        return new Detections(
                new RuleCompiler(
                        schema,
                        clock,
                        properties.rules().compileBudget(),
                        properties.rules().unknownFields()),
                new StateStore(StateLimits.of(properties.state())));
    }

    @Bean
    RuleDirectories ruleDirectories(VerdictProperties properties, Clock clock) {
        return new RuleDirectories(loader(properties), clock);
    }

    /** The loader with the configured file size limit. */
    private static RuleLoader loader(VerdictProperties properties) {
        return new RuleLoader(TomlBounds.DEFAULT.withMaxFileSize(
                properties.rules().maxFileSize().toBytes()));
    }

    @Bean
    RuleStore ruleStore(VerdictProperties properties) {
        RuleStore store = new RuleStore(properties.rules().store());
        store.open();
        return store;
    }

    @Bean
    RuleUploads ruleUploads(Detections detections, VerdictProperties properties, Clock clock) {
        return new RuleUploads(
                loader(properties),
                clock,
                rule -> {
                    CompiledRule checked = detections.compiler().checked(rule);
                    return new RuleUploads.Checked(checked.problems(), checked.warnings());
                },
                detections.compiler()::draftProblems);
    }

    @Bean
    RuleChanges ruleChanges(
            Detections detections,
            RuleStore store,
            RuleLoadCache ruleLoads,
            VerdictProperties properties,
            ObjectProvider<MeterRegistry> meters,
            Clock clock) {
        RuleCatalog catalog = new RuleCatalog(
                ruleLoads,
                properties.rules().paths(),
                store,
                queryCheck(detections),
                detections.compiler()::draftProblems,
                clock);
        return new RuleChanges(
                catalog,
                loader(properties),
                detections,
                meters.getIfAvailable(SimpleMeterRegistry::new),
                new RuleTestGate(properties.rules().tests(), clock));
    }

    /** The loader, through the load cache when {@code verdict.rules.cache-dir} names one. */
    @Bean
    RuleLoadCache ruleLoads(VerdictProperties properties) {
        String dir = properties.rules().cacheDir();
        if (dir == null || dir.isBlank()) {
            return RuleLoadCache.off(loader(properties));
        }
        List<Path> sources = new ArrayList<>(properties.rules().paths());
        sources.add(properties.rules().store());
        return RuleLoadCache.in(Path.of(dir), sources, loader(properties));
    }

    /** The problems that keep a rule out of the detector, from the same compiler the detector uses. */
    private static Function<Rule, List<Problem>> queryCheck(Detections detections) {
        return rule -> detections.compiler().check(rule);
    }

    /** Runs before readiness turns to ACCEPTING_TRAFFIC, so the service is ready only with its rules loaded. */
    @Bean
    ApplicationRunner loadRules(
            RuleChanges changes, Detections detections, RuleLoadCache ruleLoads, VerdictProperties properties) {
        return (ApplicationArguments args) -> {
            changes.reload(false, "startup");
            // the installed set: without rules refused by their own tests, with those failures among the problems
            RuleSet set = detections.current().ruleSet();
            log.info(
                    "Rules from {} and the store {}: {} rules, {} errors, {} warnings; load cache {}: {}",
                    properties.rules().paths(),
                    properties.rules().store(),
                    set.size(),
                    set.errors().size(),
                    set.warnings().size(),
                    ruleLoads.file() == null ? "off" : ruleLoads.file(),
                    ruleLoads.stats());
            set.errors().forEach(problem -> log.warn("{}", problem));
            RuleTestGate.Report tests = changes.testReport();
            if (!tests.rules().isEmpty()) {
                log.info(
                        "Rule tests ({}): {} rules tested, {} failing",
                        properties.rules().tests(),
                        tests.rules().size(),
                        tests.failingRules());
            }
            RuleCompiler.queryProblems(detections.current()).forEach(problem -> log.warn("{}", problem));
            int queryWarnings = RuleCompiler.queryWarnings(detections.current()).size();
            if (queryWarnings > 0) {
                // one line, not one per warning: a corpus of integration rules has hundreds of unknown fields
                log.info(
                        "Rule queries: {} warnings (fields no known field set has: unknown-fields={}); listed in "
                                + "/api/v1/rules/errors",
                        queryWarnings,
                        properties.rules().unknownFields());
            }
        };
    }

    /**
     * Reloads the rules when their files change: at once from the file system's events where it has them
     * ({@link RuleFileWatch}), and by polling every {@code reload-interval} where it does not — or every minute
     * besides the events, for changes they miss (network file systems report none).
     */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService ruleWatcher(
            RuleChanges changes, VerdictProperties properties, ObjectProvider<RuleFileWatch> watch) {
        ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "verdict-rule-watcher");
            thread.setDaemon(true);
            return thread;
        });
        Duration interval = properties.rules().reloadInterval();
        if (!interval.isZero() && !interval.isNegative()) {
            if (watch.getIfAvailable() != null && interval.compareTo(SAFETY_POLL) < 0) {
                interval = SAFETY_POLL;
            }
            watcher.scheduleWithFixedDelay(
                    () -> reloadChanged(changes, "watcher"),
                    interval.toMillis(),
                    interval.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        return watcher;
    }

    /** File-system events for the rule paths and the store; absent when off or when they cannot be watched. */
    @Bean(destroyMethod = "close")
    RuleFileWatch ruleFileWatch(RuleChanges changes, VerdictProperties properties) {
        Duration interval = properties.rules().reloadInterval();
        if (!properties.rules().watch() || interval.isZero() || interval.isNegative()) {
            return null;
        }
        List<Path> watched = new ArrayList<>(properties.rules().paths());
        watched.add(properties.rules().store());
        return RuleFileWatch.start(watched, WATCH_SETTLE, () -> reloadChanged(changes, "file change"));
    }

    private static void reloadChanged(RuleChanges changes, String actor) {
        try {
            if (changes.snapshot().set().loadedAt() != null) {
                changes.reload(false, actor);
            }
        } catch (RuntimeException e) {
            log.warn("Rule reload failed; the current rules stay in use", e);
        }
    }
}
