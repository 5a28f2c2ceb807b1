package io.verdict.ruletest;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.query.Problem;
import org.junit.jupiter.api.Test;

class RuleTestLoaderTest {

    private final RuleTestLoader loader = new RuleTestLoader();

    @Test
    void readsCasesWithExpectationsAndLines() {
        RuleTestFile file = loader.parse("""
                rule_id = "r-1"
                [[case]]
                name = "one"
                expect = "alert"
                severity = "high"
                risk_score = 73
                events = ['{"a": 1}', '{"b": 2}']

                [[case]]
                expect = "none"
                events = ['{}']
                """, "x.tests.toml", "ignored");
        assertThat(file.problems()).isEmpty();
        assertThat(file.ruleId()).isEqualTo("r-1");
        assertThat(file.cases())
                .containsExactly(
                        new RuleTestCase("one", java.util.List.of("{\"a\": 1}", "{\"b\": 2}"), true, "high", 73, 2),
                        new RuleTestCase("case 2", java.util.List.of("{}"), false, null, null, 9));
    }

    @Test
    void reportsWhatIsWrongWithItsPosition() {
        RuleTestFile file = loader.parse("""
                [[case]]
                name = "bad"
                expect = "maybe"
                events = [1]
                """, "x.tests.toml", null);
        assertThat(file.problems())
                .extracting(Problem::toString)
                .containsExactly(
                        "x.tests.toml:1:1: no rule_id, and no rule file beside this test file",
                        "x.tests.toml:3:1: case 'bad': expect must be \"alert\" or \"none\", found \"maybe\"",
                        "x.tests.toml:4:11: case 'bad': each event is a JSON object written as a string");
        assertThat(loader.parse("[[case]\n", "y.tests.toml", "r").problems())
                .singleElement()
                .satisfies(p -> assertThat(p.message()).startsWith("invalid TOML"));
    }

    @Test
    void testFilesSitBesideTheirRules() {
        assertThat(RuleTestFile.besideRule("rules/a/x.toml")).isEqualTo("rules/a/x.tests.toml");
        assertThat(RuleTestFile.isTestFile("x.tests.toml")).isTrue();
        assertThat(RuleTestFile.isTestFile("x.toml")).isFalse();
    }
}
