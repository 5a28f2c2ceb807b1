package io.verdict.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.CaseFiles;
import io.verdict.event.Schema;
import io.verdict.query.Problem;
import io.verdict.rule.Rule;
import io.verdict.rule.RuleFixtures;
import io.verdict.rule.RuleSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.tomlj.TomlTable;

/** Fields no known field set has: which are reported, with which suggestions and where; and the three modes. */
class UnknownFieldsTest {

    private static final String ID = "00000000-0000-4000-8000-0000000000f1";
    private final RuleCompiler warn = new RuleCompiler(Schema.catalog(), Clock.systemUTC());

    @TestFactory
    Stream<DynamicTest> unknownFieldCases() {
        return CaseFiles.cases(CaseFiles.toml(UnknownFieldsTest.class, "unknown-field-cases.toml"), "case").stream()
                .map(c -> DynamicTest.dynamicTest(c.getString("name"), () -> check(c)));
    }

    private void check(TomlTable c) {
        CompiledRule compiled = warn.checked(RuleFixtures.rule(ID, "Unknown Fields", "low", c.getString("rule")));
        assertThat(compiled.problems()).isEmpty();
        List<Object> expected = c.getArray("warnings").toList();
        assertThat(compiled.warnings())
                .extracting(Problem::message)
                .containsExactlyElementsOf(
                        expected.stream().map(String.class::cast).toList());
        if (c.contains("at")) {
            Problem first = compiled.warnings().get(0);
            assertThat(first.line() + ":" + first.column()).isEqualTo(c.getString("at"));
            assertThat(first.origin()).isEqualTo("rules/Unknown_Fields.toml");
        }
    }

    private static Rule misspelt() {
        return RuleFixtures.rule(
                ID, "Misspelt", "low", "type = \"query\"\nlanguage = \"kuery\"\nquery = 'proces.name: \"a.exe\"'\n");
    }

    private static Rule sound() {
        return RuleFixtures.rule(
                "00000000-0000-4000-8000-0000000000f2",
                "Sound",
                "low",
                "type = \"query\"\nlanguage = \"kuery\"\nquery = 'process.name: \"a.exe\"'\n");
    }

    private static RuleSet set(Rule... rules) {
        return new RuleSet(List.of(rules), List.of(), List.of(), rules.length, Instant.now(), Duration.ZERO);
    }

    @Test
    void refuseMakesAnUnknownFieldAnErrorOfItsRuleAndTheOthersLoad() {
        RuleCompiler refuse = new RuleCompiler(Schema.catalog(), Clock.systemUTC(), null, UnknownFields.Mode.REFUSE);

        Detector detector = refuse.compile(set(misspelt(), sound()));

        assertThat(detector.rules())
                .filteredOn(r -> r.rule().name().equals("Misspelt"))
                .singleElement()
                .satisfies(r -> assertThat(r.coverage()).isEqualTo(Coverage.QUERY_ERROR));
        assertThat(detector.rules())
                .filteredOn(r -> r.rule().name().equals("Sound"))
                .singleElement()
                .satisfies(r -> assertThat(r.coverage()).isEqualTo(Coverage.EVALUATED));
        assertThat(RuleCompiler.queryProblems(detector))
                .extracting(Problem::message)
                .containsExactly("'proces.name' is not a known field; did you mean 'process.name'?");
        assertThat(RuleCompiler.queryWarnings(detector)).isEmpty();
        assertThat(refuse.check(misspelt())).hasSize(1);
    }

    @Test
    void warnLoadsTheRuleWithTheWarningAndIgnoreSaysNothing() {
        Detector warned = warn.compile(set(misspelt(), sound()));
        assertThat(RuleCompiler.queryProblems(warned)).isEmpty();
        assertThat(RuleCompiler.queryWarnings(warned))
                .extracting(Problem::toString)
                .containsExactly(
                        "rules/Misspelt.toml:14:10: 'proces.name' is not a known field; did you mean 'process.name'?");

        RuleCompiler ignore = new RuleCompiler(Schema.catalog(), Clock.systemUTC(), null, UnknownFields.Mode.IGNORE);
        Detector ignored = ignore.compile(set(misspelt(), sound()));
        assertThat(RuleCompiler.queryProblems(ignored)).isEmpty();
        assertThat(RuleCompiler.queryWarnings(ignored)).isEmpty();
        assertThat(ignored.rules()).allSatisfy(r -> assertThat(r.coverage()).isEqualTo(Coverage.EVALUATED));
    }

    @Test
    void aMisspeltQueryFieldLoadedWithoutAWord() {
        // the defect: a rule reading a field no document has (proces.name) loaded and silently never matched
        assertThat(warn.checked(misspelt()).warnings())
                .extracting(Problem::message)
                .containsExactly("'proces.name' is not a known field; did you mean 'process.name'?");
    }

    @Test
    void aWildcardFieldWithAnEmptyPartIsWarnedOnceNotTwice() {
        CompiledRule compiled = warn.checked(RuleFixtures.rule(
                ID,
                "Dot",
                "low",
                "type = \"query\"\nlanguage = \"kuery\"\nquery = '.incoming_token_type: \"none\"'\n"));
        assertThat(compiled.warnings())
                .singleElement()
                .satisfies(w -> assertThat(w.message()).contains("never matches"));
    }
}
