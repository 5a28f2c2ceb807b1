package io.verdict.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.verdict.event.Event;
import io.verdict.event.Schema;
import io.verdict.query.Problem;
import io.verdict.rule.Rule;
import io.verdict.rule.RuleFixtures;
import io.verdict.rule.RuleLoad;
import io.verdict.rule.RuleLoader;
import io.verdict.rule.RuleSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Rule files written to break the loader or the compiler: nested past any sensible depth, chains of twenty thousand
 * terms, a field no document can hold, a compile that runs past its budget. Each is a problem of its own file at a
 * line and column, or compiles, and the rest of the rule set is never affected.
 */
class HostileRuleInputTest {

    private final RuleCompiler compiler = new RuleCompiler(Schema.catalog(), Clock.systemUTC());

    /** A rule file with {@code body} appended to its [rule] table. */
    private static String file(String body) {
        return RuleFixtures.toml("00000000-0000-4000-8000-0000000000e1", "Hostile", "low", body);
    }

    private static String eql(String query) {
        return file("type = \"eql\"\nlanguage = \"eql\"\nquery = '''\n" + query + "\n'''\n");
    }

    private static String kql(String query) {
        return file("type = \"query\"\nlanguage = \"kuery\"\nquery = '''\n" + query + "\n'''\n");
    }

    /** The load and compile problems of one rule file; thrown errors (a stack overflow) fail the test. */
    private List<Problem> problems(String toml) {
        RuleLoad load = new RuleLoader().parse(toml, "rules/hostile.toml");
        if (!load.loaded()) {
            return load.errors();
        }
        return compiler.compile(load.rule()).problems();
    }

    private static String andChain(int terms) {
        StringBuilder query = new StringBuilder("process where process.pid == 0");
        for (int i = 1; i < terms; i++) {
            query.append(" and process.pid != ").append(i);
        }
        return query.toString();
    }

    @TestFactory
    Stream<DynamicTest> deeplyNestedTomlEqlOrKqlOverflowedTheStack() {
        record Case(String name, String toml, int line, String message) {}
        int queryLine = 15; // the first line of the query in eql(...) and kql(...)
        List<Case> cases = List.of(
                new Case(
                        "TOML array nested 2,000 deep",
                        file("tags = " + "[".repeat(2000) + "]".repeat(2000) + "\n"),
                        12,
                        "the file nests values deeper than 32 levels"),
                new Case(
                        "TOML of 10 KB nested 5,000 deep",
                        file("x = " + "[".repeat(5000) + "]".repeat(5000) + "\n"),
                        12,
                        "the file nests values deeper than 32 levels"),
                new Case(
                        "TOML inline tables nested 5,000 deep",
                        file("x = " + "{a = ".repeat(5000) + "1" + "}".repeat(5000) + "\n"),
                        12,
                        "the file nests values deeper than 32 levels"),
                new Case(
                        "EQL 10k (",
                        eql("process where " + "(".repeat(10_000) + "true" + ")".repeat(10_000)),
                        queryLine,
                        "the query nests deeper than 100 levels"),
                new Case(
                        "EQL 10k not",
                        eql("process where " + "not ".repeat(10_000) + "true"),
                        queryLine,
                        "the query nests deeper than 100 levels"),
                new Case(
                        "EQL 2k nested function calls",
                        eql("process where " + "length(".repeat(2000) + "process.name" + ")".repeat(2000) + " > 1"),
                        queryLine,
                        "the query nests deeper than 100 levels"),
                new Case(
                        "EQL 10k unary minus",
                        eql("process where process.pid == " + "-".repeat(10_000) + "1"),
                        queryLine,
                        "the query nests deeper than 100 levels"),
                new Case(
                        "EQL arithmetic chain of 10k",
                        eql("process where process.pid == 1" + " + 1".repeat(10_000)),
                        queryLine,
                        "the query nests deeper than 100 levels"),
                new Case(
                        "KQL 10k (",
                        kql("(".repeat(10_000) + "process.name:a" + ")".repeat(10_000)),
                        queryLine,
                        "the query nests deeper than 100 levels"),
                new Case(
                        "KQL 10k not (",
                        kql("not (".repeat(10_000) + "process.name:a" + ")".repeat(10_000)),
                        queryLine,
                        "the query nests deeper than 100 levels"),
                new Case(
                        "KQL value list nested 10k",
                        kql("process.name:" + "(".repeat(10_000) + "a" + ")".repeat(10_000)),
                        queryLine,
                        "the query nests deeper than 100 levels"),
                new Case(
                        "KQL nested query 10k",
                        kql("a:{".repeat(10_000) + "b:1" + "}".repeat(10_000)),
                        queryLine,
                        "the query nests deeper than 100 levels"),
                new Case(
                        "EQL field of 5,000 parts",
                        eql("process where " + "a.".repeat(5000) + "b == 1"),
                        queryLine,
                        "field name of 10001 characters: at most 512 are allowed"),
                new Case(
                        "KQL field of 5,000 parts",
                        kql("a.".repeat(5000) + "b : 1"),
                        queryLine,
                        "field name of 10001 characters: at most 512 are allowed"),
                new Case(
                        "EQL field of 100 parts",
                        eql("process where " + "a.".repeat(100) + "b == 1"),
                        queryLine,
                        "has 101 parts: at most 20 are allowed"),
                new Case(
                        "KQL field of 100 parts",
                        kql("a.".repeat(100) + "b : 1"),
                        queryLine,
                        "has 101 parts: at most 20 are allowed"),
                new Case(
                        "threshold field of 100 parts",
                        file("type = \"threshold\"\nlanguage = \"kuery\"\n"
                                + "query = '''\nprocess.name:x\n'''\n[rule.threshold]\nfield = [\"" + "a.".repeat(100)
                                + "b\"]\n"
                                + "value = 5\n"),
                        queryLine,
                        "has 101 parts: at most 20 are allowed"));
        return cases.stream()
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> {
                    List<Problem> problems = new ArrayList<>();
                    assertThatCode(() -> problems.addAll(problems(c.toml())))
                            .as("no error escapes")
                            .doesNotThrowAnyException();
                    assertThat(problems)
                            .as("one problem at its line and column")
                            .isNotEmpty();
                    Problem first = problems.get(0);
                    assertThat(first.origin()).isEqualTo("rules/hostile.toml");
                    assertThat(first.line()).isEqualTo(c.line());
                    assertThat(first.column()).isPositive();
                    assertThat(first.message()).contains(c.message());
                    assertThat(first.sourceLine())
                            .as("the echoed line is cut")
                            .hasSizeLessThanOrEqualTo(Problem.MAX_SOURCE);
                }));
    }

    @Test
    void anEqlAndOfTwentyThousandTermsOverflowedTheStack() {
        Rule rule = RuleFixtures.rule(
                "00000000-0000-4000-8000-0000000000e2",
                "Long And",
                "low",
                "type = \"eql\"\nlanguage = \"eql\"\nquery = '''\n" + andChain(20_000) + "\n'''\n");
        CompiledRule compiled = compiler.compile(rule);

        assertThat(compiled.problems()).isEmpty();
        assertThat(compiled.matcher()
                        .matches(Event.parse("{\"event\": {\"category\": \"process\"}, \"process\": {\"pid\": 0}}")))
                .isTrue();
        assertThat(compiled.matcher()
                        .matches(Event.parse("{\"event\": {\"category\": \"process\"}, \"process\": {\"pid\": 7}}")))
                .isFalse();
    }

    @Test
    void aLongOrOfValuesCompilesWithOneRequirementOfEveryValue() {
        StringBuilder values = new StringBuilder("v0");
        for (int i = 1; i < 20_000; i++) {
            values.append(" or v").append(i);
        }
        Rule rule = RuleFixtures.rule(
                "00000000-0000-4000-8000-0000000000e3",
                "Long Or",
                "low",
                "type = \"query\"\nlanguage = \"kuery\"\nquery = '''\nprocess.name : (" + values + ")\n'''\n");
        CompiledRule compiled = compiler.compile(rule);

        assertThat(compiled.problems()).isEmpty();
        assertThat(compiled.requirements())
                .singleElement()
                .satisfies(alternative -> assertThat(alternative)
                        .singleElement()
                        .satisfies(r -> assertThat(r.anyOf()).hasSize(20_000)));
        assertThat(compiled.matcher().matches(Event.parse("{\"process\": {\"name\": \"v19999\"}}")))
                .isTrue();
    }

    @Test
    void aKqlFieldStartingWithADotBrokeTheDetectorOfTheWholeSet() {
        Rule dotted = RuleFixtures.rule("00000000-0000-4000-8000-0000000000e4", "Dot Field", "low", """
                type = "query"
                language = "kuery"
                query = '''
                event.category: "authentication" or .incoming_token_type: "none"
                '''
                """);
        Rule other = RuleFixtures.rule(
                "00000000-0000-4000-8000-0000000000e5",
                "Other",
                "low",
                "type = \"query\"\nlanguage = \"kuery\"\nquery = 'process.name:x'\n");

        Detector detector = compiler.compile(
                new RuleSet(List.of(dotted, other), List.of(), List.of(), 2, Instant.now(), Duration.ZERO));

        assertThat(detector.rules()).allSatisfy(r -> assertThat(r.problems()).isEmpty());
        Plan plan = detector.plan(Selection.ALL, Plan.Unrouted.ALL_RULES).withState(new StateStore(100_000, 1_000_000));
        assertThat(plan.evaluate(Event.parse("{\"event\": {\"category\": \"authentication\"}}"), false)
                        .matched())
                .isTrue();
        // Elasticsearch refuses a document with such a field; the clause matches nothing, as a query there would
        assertThat(plan.evaluate(Event.parse("{\".incoming_token_type\": \"none\"}"), false)
                        .matched())
                .isFalse();
    }

    @Test
    void aKqlClauseOnAFieldNoDocumentCanHoldMatchedNothingWithoutAWord() {
        Rule dotted = RuleFixtures.rule(
                "00000000-0000-4000-8000-0000000000e6",
                "Dot Field",
                "low",
                "type = \"query\"\nlanguage = \"kuery\"\n"
                        + "query = 'event.category: \"authentication\" or .incoming_token_type: \"none\"'\n");

        CompiledRule compiled = compiler.checked(dotted);

        assertThat(compiled.problems()).isEmpty();
        assertThat(compiled.warnings()).singleElement().satisfies(w -> {
            assertThat(w.message()).contains("'.incoming_token_type'").contains("never matches");
            assertThat(w.line()).as("the query's line in the file").isGreaterThan(1);
        });
        Detector detector =
                compiler.compile(new RuleSet(List.of(dotted), List.of(), List.of(), 1, Instant.now(), Duration.ZERO));
        assertThat(RuleCompiler.queryWarnings(detector)).hasSize(1);
    }

    @Test
    void anEqlFieldWithAnEmptyPartIsAProblem() {
        assertThat(problems(eql("process where `.incoming_token_type` == \"none\"")))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.line()).isEqualTo(15);
                    assertThat(p.message()).contains("cannot exist in Elasticsearch");
                });
    }

    @Test
    void aCompileOfAnyLengthHeldTheChangePathWithNoBudget() {
        RuleCompiler budgeted = new RuleCompiler(Schema.catalog(), Clock.systemUTC(), Duration.ofNanos(1));
        Rule slow = RuleFixtures.rule(
                "00000000-0000-4000-8000-0000000000e6",
                "Slow",
                "low",
                "type = \"eql\"\nlanguage = \"eql\"\nquery = '''\n" + andChain(2_000) + "\n'''\n");
        Rule quick = RuleFixtures.rule(
                "00000000-0000-4000-8000-0000000000e7",
                "Quick",
                "low",
                "type = \"query\"\nlanguage = \"kuery\"\nquery = 'process.name:x'\n");

        Detector detector = budgeted.compile(
                new RuleSet(List.of(slow, quick), List.of(), List.of(), 2, Instant.now(), Duration.ZERO));

        CompiledRule failed = detector.find(slow.ruleId()).orElseThrow();
        assertThat(failed.coverage()).isEqualTo(Coverage.QUERY_ERROR);
        assertThat(failed.problems()).singleElement().satisfies(p -> {
            assertThat(p.message()).isEqualTo("query compile exceeded its budget of 1ns");
            assertThat(p.line()).isEqualTo(15);
        });
        assertThat(detector.find(quick.ruleId()).orElseThrow().coverage()).isEqualTo(Coverage.EVALUATED);
    }

    @Test
    void aRuleThatThrewWhileCompilingFailedTheWholeSet() {
        // an empty event category field was a field path no code expected: compiling it threw
        Rule broken = RuleFixtures.rule("00000000-0000-4000-8000-0000000000e8", "Broken", "low", """
                type = "eql"
                language = "eql"
                event_category_override = ""
                query = 'process where true'
                """);
        Rule fine = RuleFixtures.rule(
                "00000000-0000-4000-8000-0000000000e9",
                "Fine",
                "low",
                "type = \"query\"\nlanguage = \"kuery\"\nquery = 'process.name:x'\n");

        Detector detector = compiler.compile(
                new RuleSet(List.of(broken, fine), List.of(), List.of(), 2, Instant.now(), Duration.ZERO));

        assertThat(detector.find(broken.ruleId()).orElseThrow().coverage()).isEqualTo(Coverage.QUERY_ERROR);
        assertThat(detector.find(broken.ruleId()).orElseThrow().problems())
                .singleElement()
                .satisfies(p -> assertThat(p.origin()).isEqualTo("rules/Broken.toml"));
        assertThat(detector.find(fine.ruleId()).orElseThrow().coverage()).isEqualTo(Coverage.EVALUATED);
        assertThat(compiler.check(broken)).isNotEmpty();
        assertThat(compiler.check(fine)).isEmpty();
    }
}
