package io.verdict.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.CaseFiles;
import io.verdict.event.Event;
import io.verdict.event.Schema;
import io.verdict.rule.Rule;
import io.verdict.rule.RuleFixtures;
import io.verdict.rule.RuleSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.tomlj.TomlArray;
import org.tomlj.TomlTable;

/**
 * The rule index on hand-made cases (rule-index.toml): the requirements read from each query, and for each event
 * the plain scan's answer and the indexed plan's, which must be the same.
 */
class RuleIndexTest {

    @TestFactory
    Stream<DynamicTest> requirementsAndVerdicts() {
        return CaseFiles.cases(CaseFiles.toml(getClass(), "rule-index.toml"), "cases").stream()
                .map(c -> DynamicTest.dynamicTest(c.getString("name"), () -> check(c)));
    }

    private static void check(TomlTable c) {
        Rule rule = RuleFixtures.rule("00000000-0000-4000-8000-0000000000c1", "Case", "low", """
                type = "%s"
                language = "%s"
                query = '''%s'''
                """.formatted(
                        c.getString("language").equals("eql") ? "eql" : "query",
                        c.getString("language"),
                        c.getString("query")));
        Detector detector = new RuleCompiler(Schema.catalog(), Clock.systemUTC())
                .compile(new RuleSet(List.of(rule), List.of(), List.of(), 1, Instant.now(), Duration.ZERO));
        CompiledRule compiled = detector.rules().get(0);
        assertThat(compiled.problems()).isEmpty();
        assertThat(renderAlternatives(compiled.requirements())).isEqualTo(c.getString("required"));

        Plan indexed =
                detector.plan(Selection.ALL, Plan.Unrouted.ALL_RULES).withState(new StateStore(100_000, 1_000_000));
        Plan scan = detector.plan(Selection.ALL, Plan.Unrouted.ALL_RULES, Plan.Dispatch.SCAN)
                .withState(new StateStore(100_000, 1_000_000));
        TomlArray events = c.getArray("events");
        TomlArray matches = c.getArray("matches");
        assertThat(events.size()).isEqualTo(matches.size());
        for (int i = 0; i < events.size(); i++) {
            Event event = Event.parse(events.getString(i));
            Evaluation byScan = scan.evaluate(event, false);
            assertThat(byScan.matched()).as("scan of " + events.getString(i)).isEqualTo(matches.getBoolean(i));
            assertThat(indexed.evaluate(event, false))
                    .as("indexed " + events.getString(i))
                    .isEqualTo(byScan);
        }
    }

    /** Alternatives joined by " || ". */
    static String renderAlternatives(List<List<Requirement>> alternatives) {
        return alternatives.stream().map(RuleIndexTest::render).collect(Collectors.joining(" || "));
    }

    static String render(List<Requirement> requirements) {
        return requirements.stream()
                .map(r -> r.anyOf().stream()
                        .map(v -> v.field() + " " + v.fold() + " " + new TreeSet<>(v.keys()))
                        .collect(Collectors.joining(" | ")))
                .collect(Collectors.joining(" & "));
    }
}
