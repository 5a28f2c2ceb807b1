package io.verdict.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.Shared;
import io.verdict.event.Event;
import io.verdict.event.Schema;
import io.verdict.rule.RuleDirectories;
import io.verdict.rule.RuleLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole Elastic corpus compiles: every rule is either evaluated event by event or skipped for a stated
 * reason, and no query fails to compile. Then every real ECS document runs against it without a rule failure.
 */
class CorpusCoverageTest {

    private static Detector detector;

    @BeforeAll
    static void compile() {
        Path rules = Shared.require("corpus/detection-rules");
        var set = new RuleDirectories(new RuleLoader(), Clock.systemUTC()).load(List.of(rules));
        detector = new RuleCompiler(Schema.catalog(), Clock.systemUTC()).compile(set);
        System.out.println("corpus coverage: " + detector.coverage());
    }

    /** 823 single-event EQL + 454 KQL query rules, less the 8 of them written {@code enabled = false}. */
    @Test
    void everyRuleIsAccountedFor() {
        assertThat(RuleCompiler.queryProblems(detector)).isEmpty();
        assertThat(detector.coverage())
                .containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                        Map.entry("evaluated", 1269),
                        Map.entry("disabled", 9),
                        Map.entry("evaluated:eql_sequence", 198),
                        Map.entry("evaluated:eql_sample", 3),
                        Map.entry("evaluated:threshold", 27),
                        Map.entry("evaluated:new_terms", 241),
                        Map.entry("evaluated:esql", 44),
                        Map.entry("evaluated:esql_window", 158),
                        Map.entry("needs_inference:completion", 7),
                        Map.entry("evaluated:threat_match", 6),
                        Map.entry("needs_ml_jobs:machine_learning", 106)));
        assertThat(detector.coverage().values().stream()
                        .mapToInt(Integer::intValue)
                        .sum())
                .isEqualTo(2068);
    }

    @Test
    void everyRealDocumentRunsWithoutARuleFailure() throws IOException {
        Path events = Shared.require("corpus/ecs-events");
        Plan plan = detector.plan(Selection.ALL, Plan.Unrouted.ALL_RULES).withState(new StateStore(100_000, 1_000_000));
        Map<String, Integer> matchesByRule = new TreeMap<>();
        int documents = 0;
        try (Stream<Path> files = Files.list(events)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".ndjson")).sorted().toList()) {
                for (String line : Files.readAllLines(file)) {
                    if (line.isBlank()) {
                        continue;
                    }
                    documents++;
                    Evaluation evaluation = plan.evaluate(Event.parse(line), false);
                    assertThat(evaluation.failures())
                            .as(file.getFileName() + ": " + line)
                            .isEmpty();
                    assertThat(evaluation.evaluated() + evaluation.notRouted()).isEqualTo(plan.evaluating());
                    evaluation
                            .alerts()
                            .forEach(a -> matchesByRule.merge(a.rule().name(), 1, Integer::sum));
                }
            }
        }
        System.out.println("documents: " + documents + ", alerts by rule: " + matchesByRule);
        assertThat(documents).isEqualTo(884);
    }
}
