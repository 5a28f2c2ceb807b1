package io.verdict.lifecycle;

import io.verdict.engine.CompiledRule;
import io.verdict.engine.Detector;
import io.verdict.query.Problem;
import io.verdict.rule.RuleSet;
import io.verdict.ruletest.RuleTestFile;
import io.verdict.ruletest.RuleTestLoader;
import io.verdict.ruletest.RuleTestResult;
import io.verdict.ruletest.RuleTestRunner;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs each rule's own test cases ({@code x.tests.toml}) whenever the rules are (re)loaded or a rule is uploaded,
 * and keeps the outcome per rule. In {@link Mode#REFUSE} a rule whose cases fail is taken out of the rule set and
 * listed among its errors with the failing cases; in {@link Mode#REPORT} it stays and the failures are warnings;
 * {@link Mode#OFF} runs nothing. Rules without a test file cost nothing. Thread-safe: the report is swapped whole.
 */
public final class RuleTestGate {

    /** {@code verdict.rules.tests}. */
    public enum Mode {
        REPORT,
        REFUSE,
        OFF
    }

    /** One failing case. */
    public record Failure(String caseName, int line, String message) {}

    /**
     * One rule's test outcome.
     *
     * @param refused whether the rule was taken out of the rule set for it
     */
    public record Outcome(
            String ruleId, String file, int passed, int failed, int skipped, List<Failure> failures, boolean refused) {
        public boolean failing() {
            return failed > 0;
        }
    }

    /** The outcomes of the last run, by rule_id, and when it ran. */
    public record Report(Map<String, Outcome> rules, Instant ranAt) {
        public static final Report EMPTY = new Report(Map.of(), null);

        public long failingRules() {
            return rules.values().stream().filter(Outcome::failing).count();
        }

        public long cases(java.util.function.ToIntFunction<Outcome> count) {
            return rules.values().stream().mapToLong(count::applyAsInt).sum();
        }
    }

    /** The detector to install (without refused rules) and the report. */
    public record Gated(Detector detector, Report report) {}

    private final Mode mode;
    private final Clock clock;
    private final RuleTestLoader loader = new RuleTestLoader();
    private volatile Report last = Report.EMPTY;

    /** @param clock stamps each report */
    public RuleTestGate(Mode mode, Clock clock) {
        this.mode = mode;
        this.clock = clock;
    }

    public Mode mode() {
        return mode;
    }

    public Report report() {
        return last;
    }

    /**
     * Runs the tests of every rule of {@code detector} that has a test file ({@code testFiles}: rule_id to file and
     * how problems name it) and returns what to install: in REFUSE mode without the failing rules, whose failures
     * join the rule set's errors; otherwise the same rules, the failures joining its warnings.
     */
    public Gated apply(Detector detector, Map<String, TestSource> testFiles) {
        if (mode == Mode.OFF || testFiles.isEmpty()) {
            last = new Report(Map.of(), clock.instant());
            return new Gated(detector, last);
        }
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        List<Problem> failures = new ArrayList<>();
        Set<String> refused = new HashSet<>();
        RuleTestRunner runner = new RuleTestRunner(detector);
        for (CompiledRule rule : detector.rules()) {
            TestSource source = testFiles.get(rule.ruleId());
            if (source == null) {
                continue;
            }
            RuleTestFile file = source.text() != null
                    ? loader.parse(source.text(), source.display(), rule.ruleId())
                    : loader.load(source.path(), source.display(), rule.ruleId());
            if (file.ruleId() != null && !file.ruleId().equals(rule.ruleId())) {
                continue; // a test file beside this rule that tests another one
            }
            Outcome outcome = outcome(rule.ruleId(), file.file(), run(runner, file), mode == Mode.REFUSE);
            outcomes.put(rule.ruleId(), outcome);
            if (outcome.failing()) {
                outcome.failures().forEach(f -> failures.add(problem(file.file(), rule.ruleId(), f)));
                if (mode == Mode.REFUSE) {
                    refused.add(rule.ruleId());
                }
            }
        }
        Detector next = detector;
        RuleSet set = detector.ruleSet();
        if (!failures.isEmpty()) {
            List<Problem> errors = new ArrayList<>(set.errors());
            List<Problem> warnings = new ArrayList<>(set.warnings());
            (mode == Mode.REFUSE ? errors : warnings).addAll(failures);
            RuleSet gated = new RuleSet(
                    set.rules().stream()
                            .filter(r -> !refused.contains(r.ruleId()))
                            .toList(),
                    errors,
                    warnings,
                    set.files(),
                    set.loadedAt(),
                    set.loadTime());
            next = new Detector(
                    gated,
                    detector.rules().stream()
                            .filter(r -> !refused.contains(r.ruleId()))
                            .toList(),
                    detector.clock());
        }
        last = new Report(java.util.Collections.unmodifiableMap(outcomes), clock.instant());
        return new Gated(next, last);
    }

    /** One rule's cases against a detector holding it (an upload checked before it is stored). */
    public Outcome run(Detector detector, String ruleId, TestSource source) {
        RuleTestFile file = source.text() != null
                ? loader.parse(source.text(), source.display(), ruleId)
                : loader.load(source.path(), source.display(), ruleId);
        return outcome(ruleId, file.file(), run(new RuleTestRunner(detector), file), false);
    }

    /** The results of a file's cases; a run that fails outright is one failed case, never the whole load's end. */
    private static List<RuleTestResult> run(RuleTestRunner runner, RuleTestFile file) {
        try {
            return runner.run(file);
        } catch (RuntimeException | StackOverflowError e) {
            return List.of(new RuleTestResult(
                    file.file(),
                    file.ruleId(),
                    file.ruleId(),
                    "(the test file)",
                    1,
                    RuleTestResult.Outcome.FAILED,
                    "the cases could not be run: " + e.getClass().getSimpleName()));
        }
    }

    private static Outcome outcome(String ruleId, String file, List<RuleTestResult> results, boolean refuse) {
        int passed = 0;
        int failed = 0;
        int skipped = 0;
        List<Failure> failures = new ArrayList<>();
        for (RuleTestResult r : results) {
            switch (r.outcome()) {
                case PASSED -> passed++;
                case SKIPPED -> skipped++;
                case FAILED -> {
                    failed++;
                    failures.add(new Failure(r.caseName(), r.line(), r.message()));
                }
            }
        }
        return new Outcome(ruleId, file, passed, failed, skipped, failures, refuse && failed > 0);
    }

    /** A failing case as a problem at the case in the test file. */
    public static Problem problem(String file, String ruleId, Failure failure) {
        return new Problem(
                file,
                Math.max(1, failure.line()),
                1,
                "rule " + ruleId + ": test case '" + failure.caseName() + "' fails: " + failure.message(),
                null,
                0);
    }

    /**
     * Where a rule's test cases are: a file ({@code path}), or text that came with an upload ({@code text}, then
     * {@code path} is where it will be stored); {@code display} names it in problems.
     */
    public record TestSource(Path path, String display, String text) {}
}
