package io.verdict.eql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.verdict.Shared;
import io.verdict.engine.Alert;
import io.verdict.engine.CompiledRule;
import io.verdict.engine.Coverage;
import io.verdict.engine.Detector;
import io.verdict.engine.RuleCompiler;
import io.verdict.eql.sample.SampleLimits;
import io.verdict.eql.sample.SampleMatcher;
import io.verdict.eql.sample.SamplePlan;
import io.verdict.eql.sequence.SequenceBatch;
import io.verdict.eql.sequence.SequencePlan;
import io.verdict.event.Event;
import io.verdict.explain.SequenceExplainer;
import io.verdict.explain.SequenceExplanation;
import io.verdict.query.SourceText;
import io.verdict.rule.Rule;
import io.verdict.rule.RuleFixtures;
import io.verdict.rule.RuleSet;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.tomlj.TomlTable;

/**
 * Explain for sequence and sample rules agrees with evaluation on every sequence and sample query of the
 * Elasticsearch spec files: each spec query becomes a rule, its data is explained, and the sequences the
 * explanation reports completed (and, for sequences, waiting for a trailing missing-event window) are exactly those
 * of one {@link SequenceBatch} search over the same data, and exactly the groups the engine alerted on. (It lives
 * here to read the spec data as the EQL spec tests load it.)
 */
class SequenceExplainerSpecTest {

    @TestFactory
    Stream<DynamicTest> explanationsAgreeWithEvaluation() {
        Path dir = Shared.require("conformance/elasticsearch-eql");
        EqlSpecData endgame = EqlSpecData.endgame(dir, "endgame-140.mapping", false);
        Map<String, EqlSpecData> files = new LinkedHashMap<>();
        files.put("test_queries.toml", endgame);
        files.put("additional_test_queries.toml", endgame);
        files.put("test_extra.toml", EqlSpecData.of(dir, "extra", "sequence"));
        files.put("test_missing_events.toml", EqlSpecData.of(dir, "missing-events", "sequence"));
        files.put("test_sample.toml", EqlSpecData.unordered(dir, "id", "sample1", "sample2", "sample3"));
        List<DynamicTest> tests = new ArrayList<>();
        files.forEach((file, data) -> {
            for (TomlTable spec : ElasticsearchEqlSpecTest.load(dir.resolve(file))) {
                String query = spec.getString("query");
                EqlOptions options =
                        EqlOptions.defaults().withSchema(data.schema()).withTiebreakerField(data.idField());
                CompiledEql compiled = new EqlCompiler().compile(SourceText.of(query), options);
                boolean sample = compiled.kind() == QueryKind.SAMPLE;
                if (compiled.kind() == QueryKind.EVENT
                        || !compiled.pipes().isEmpty()
                        || spec.contains("max_samples_per_key")) {
                    continue; // pipes cut a search's result list; a rule alerts on every sequence
                }
                tests.add(DynamicTest.dynamicTest(file + " " + spec.getString("name"), () -> {
                    Rule rule = RuleFixtures.rule(
                            "00000000-0000-4000-8000-00000000e0e0",
                            "Spec",
                            "low",
                            "type = \"eql\"\nlanguage = \"eql\"\n"
                                    + (sample ? "" : "tiebreaker_field = \"" + data.idField() + "\"\n")
                                    + "query = '''\n" + query + "\n'''\n");
                    Detector detector = new RuleCompiler(io.verdict.event.Schema.catalog(), Clock.systemUTC())
                            .compile(new RuleSet(
                                    List.of(rule),
                                    List.of(),
                                    List.of(),
                                    1,
                                    java.time.Instant.now(),
                                    java.time.Duration.ZERO));
                    CompiledRule compiledRule = detector.find(rule.ruleId()).orElseThrow();
                    assertEquals(sample ? Coverage.EQL_SAMPLE : Coverage.EQL_SEQUENCE, compiledRule.coverage());
                    List<Event> events = data.events();
                    SequenceExplanation explanation = new SequenceExplainer(io.verdict.event.Schema.catalog())
                            .explain(
                                    detector,
                                    compiledRule,
                                    events,
                                    IntStream.range(0, events.size()).boxed().toList(),
                                    "as posted");
                    List<String> explained = explained(explanation, data, events);
                    assertEquals(
                            engine(explanation.alerts(), data),
                            explained.stream()
                                    .filter(s -> !s.startsWith("awaiting"))
                                    .toList(),
                            "the engine's alerts");
                    // the engine compiles rules under the ECS schema (not the spec's mappings): so does the search
                    CompiledEql asEngine = new EqlCompiler()
                            .compile(
                                    SourceText.of(query),
                                    RuleCompiler.eqlOptions(rule, io.verdict.event.Schema.catalog()));
                    assertEquals(
                            search(asEngine, events, data),
                            explained.stream()
                                    .map(s -> s.replace("awaiting ", ""))
                                    .sorted()
                                    .toList(),
                            query);
                }));
            }
        });
        return tests.stream();
    }

    /** Completed sequences as "id id id", in completion order, then those waiting for a trailing window. */
    private static List<String> explained(SequenceExplanation explanation, EqlSpecData data, List<Event> events) {
        List<String> out = new ArrayList<>();
        for (SequenceExplanation.KeyTrace key : explanation.keys()) {
            for (List<SequenceExplanation.StageEvent> completed : key.completed()) {
                out.add(ids(
                        completed.stream()
                                .map(SequenceExplanation.StageEvent::event)
                                .toList(),
                        data,
                        events));
            }
        }
        out.sort(Comparator.naturalOrder());
        for (SequenceExplanation.KeyTrace key : explanation.keys()) {
            if (key.pending() != null) {
                key.pending().stream()
                        .filter(p -> p.nextStage() == null)
                        .forEach(p -> out.add("awaiting "
                                + ids(
                                        p.matched().stream()
                                                .map(SequenceExplanation.StageEvent::event)
                                                .toList(),
                                        data,
                                        events)));
            }
        }
        return out;
    }

    /** The engine's sequence (or sample) alerts: the group alert of each, as the ids of its events. */
    private static List<String> engine(List<Alert> alerts, EqlSpecData data) {
        return alerts.stream()
                .filter(a -> a.sequence() != null && a.sequence().index() == null)
                .map(a -> String.join(
                        " ",
                        a.sequence().events().stream()
                                .map(e -> Long.toString(data.id(Event.of(e))))
                                .toList()))
                .sorted()
                .toList();
    }

    /** What a search answers: one batch (sequences), or the samples a stream returns (one per key). */
    private static List<String> search(CompiledEql compiled, List<Event> events, EqlSpecData data) {
        if (compiled.kind() == QueryKind.SAMPLE) {
            SampleMatcher matcher = new SampleMatcher(SamplePlan.of(compiled), SampleLimits.DEFAULT);
            return events.stream()
                    .flatMap(e -> matcher.offer(e).stream())
                    .map(m -> String.join(
                            " ",
                            m.events().stream()
                                    .map(e -> Long.toString(data.id(e)))
                                    .toList()))
                    .sorted()
                    .toList();
        }
        return SequenceBatch.run(SequencePlan.of(compiled), events).stream()
                .map(m -> String.join(
                        " ",
                        m.matched().stream()
                                .map(e -> Long.toString(data.id(e.event())))
                                .toList()))
                .sorted()
                .toList();
    }

    private static String ids(List<Integer> indexes, EqlSpecData data, List<Event> events) {
        return String.join(
                " ",
                indexes.stream().map(i -> Long.toString(data.id(events.get(i)))).toList());
    }
}
