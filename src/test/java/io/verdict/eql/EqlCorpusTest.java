package io.verdict.eql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.verdict.eql.sample.SampleLimits;
import io.verdict.eql.sample.SampleMatcher;
import io.verdict.eql.sample.SamplePlan;
import io.verdict.eql.sequence.SequenceLimits;
import io.verdict.eql.sequence.SequenceMatcher;
import io.verdict.eql.sequence.SequencePlan;
import io.verdict.event.Event;
import io.verdict.query.QueryException;
import io.verdict.query.SourceText;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every EQL query of the detection-rules corpus parses and checks with no problem, every single-event query
 * compiles to something that can run (it is evaluated once on an empty event to prove it), and every query runs
 * over the real ECS events of the corpus: single-event queries event by event, sequences and samples through
 * their streaming matchers.
 */
class EqlCorpusTest {

    @Test
    void allCorpusQueriesCompile() {
        List<EqlCorpus> rules = EqlCorpus.load();
        EqlCompiler compiler = new EqlCompiler();
        Map<QueryKind, Integer> kinds = new EnumMap<>(QueryKind.class);
        List<String> failures = new ArrayList<>();
        Event empty = Event.parse("{}");
        for (EqlCorpus rule : rules) {
            // the text starts on the line after `query = '''`, as a TOML multi-line string does
            SourceText text = SourceText.at(rule.query(), rule.file().toString(), rule.queryLine() + 1, 1);
            try {
                CompiledEql compiled =
                        compiler.compile(text, EqlOptions.defaults().withEventCategoryField(rule.categoryField()));
                kinds.merge(compiled.kind(), 1, Integer::sum);
                assertFalse(compiled.fieldNames().isEmpty(), rule.file().toString());
                if (compiled.kind() == QueryKind.EVENT) {
                    compiled.matches(empty);
                } else {
                    assertTrue(compiled.needsStatefulEvaluation());
                    assertFalse(compiled.stageConditions().isEmpty());
                }
            } catch (QueryException e) {
                failures.add(e.getMessage());
            }
        }
        System.out.println(
                "EQL corpus: " + rules.size() + " queries, " + kinds + ", " + failures.size() + " with problems");
        assertEquals(List.of(), failures);
        assertEquals(1024, rules.size());
        runOverRealEvents(rules, compiler);
        assertEquals(823, kinds.get(QueryKind.EVENT));
        assertEquals(198, kinds.get(QueryKind.SEQUENCE));
        assertEquals(3, kinds.get(QueryKind.SAMPLE));
    }

    /** Every rule over every real ECS event of the corpus: evaluation must never fail. */
    private static void runOverRealEvents(List<EqlCorpus> rules, EqlCompiler compiler) {
        List<Event> events = new ArrayList<>();
        try (var files = java.nio.file.Files.list(io.verdict.Shared.require("corpus/ecs-events"))) {
            for (java.nio.file.Path file :
                    files.filter(f -> f.toString().endsWith(".ndjson")).sorted().toList()) {
                for (String line : java.nio.file.Files.readAllLines(file)) {
                    if (!line.isBlank()) {
                        events.add(Event.parse(line));
                    }
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        long evaluations = 0;
        long matches = 0;
        int stateful = 0;
        for (EqlCorpus rule : rules) {
            CompiledEql compiled = compiler.compile(
                    SourceText.of(rule.query()), EqlOptions.defaults().withEventCategoryField(rule.categoryField()));
            if (compiled.kind() != QueryKind.EVENT) {
                stateful += runStateful(rule, compiled, events);
                continue;
            }
            for (Event event : events) {
                evaluations++;
                matches += compiled.matches(event) ? 1 : 0;
            }
        }
        System.out.println("EQL corpus over " + events.size() + " real ECS events: " + evaluations + " evaluations, "
                + matches + " matches, no failure");
        assertTrue(events.size() > 800);
        assertEquals(198 + 3, stateful);
    }

    /**
     * A sequence or sample rule builds a matcher and streams every real event without failing; once event time is
     * closed, no partial sequence with a maxspan window is left (the window bookkeeping is consistent).
     */
    private static int runStateful(EqlCorpus rule, CompiledEql compiled, List<Event> events) {
        if (compiled.kind() == QueryKind.SEQUENCE) {
            SequencePlan plan = SequencePlan.of(compiled);
            assertTrue(plan.positiveStageCount() >= 1, rule.file().toString());
            SequenceMatcher matcher = new SequenceMatcher(plan, SequenceLimits.DEFAULT);
            events.forEach(matcher::offer);
            matcher.advanceTo(Long.MAX_VALUE);
            assertEquals(
                    List.of(),
                    matcher.state().pending().stream()
                            .filter(p -> p.expiresAt() != Long.MAX_VALUE)
                            .toList(),
                    "windows left open: " + rule.file());
        } else {
            SampleMatcher matcher = new SampleMatcher(SamplePlan.of(compiled), SampleLimits.DEFAULT);
            events.forEach(matcher::offer);
        }
        return 1;
    }
}
