package io.verdict.rule;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.query.Position;
import io.verdict.query.SourceText;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The query's position survives every TOML string form: a position computed from an offset of the decoded query
 * must be where that text is written in the file. Each case names a NEEDLE that appears once, verbatim.
 */
class QueryLocatorTest {

    private record Case(String name, String assignment) {}

    private static final List<Case> CASES = List.of(
            new Case("multi-line literal", "query = '''\nprocess where\n  process.name == \"NEEDLE\"\n'''"),
            new Case("multi-line literal, text on the opening line", "query = '''process where NEEDLE'''"),
            new Case("multi-line basic", "query = \"\"\"\nprocess where\n  process.name : \"NEEDLE\"\n\"\"\""),
            new Case(
                    "multi-line basic with escapes before the needle",
                    "query = \"\"\"\nprocess where process.executable : \"C:\\\\Windows\\\\x.exe\" and NEEDLE\n\"\"\""),
            new Case(
                    "multi-line basic with a unicode escape",
                    "query = \"\"\"\nprocess where \\u0041 and\n  NEEDLE\n\"\"\""),
            new Case(
                    "multi-line basic with a line-ending backslash",
                    "query = \"\"\"\nprocess where \\\n    NEEDLE\n\"\"\""),
            new Case("single-line basic with escapes", "query = \"a : \\\"x\\\\y\\\" and NEEDLE\""),
            new Case("single-line literal", "query = 'NEEDLE'"),
            new Case("spaces around =", "query   =    \"x NEEDLE\""),
            new Case("CRLF line endings", "query = '''\r\nprocess where\r\n  NEEDLE\r\n'''"));

    @TestFactory
    Stream<DynamicTest> positionsPointIntoTheFile() {
        return CASES.stream()
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> {
                    String file = """
                    [metadata]
                    creation_date = "2026/01/01"
                    updated_date = "2026/01/01"
                    [rule]
                    author = ["Verdict"]
                    description = "d"
                    name = "Query Position"
                    risk_score = 21
                    rule_id = "00000000-0000-4000-8000-000000000003"
                    severity = "low"
                    type = "eql"
                    language = "eql"
                    """ + c.assignment() + "\n";
                    RuleLoad load = new RuleLoader().parse(file, "q.toml");
                    assertThat(load.errors()).isEmpty();
                    SourceText text = load.rule().query().text();
                    Position found = text.positionOf(text.text().indexOf("NEEDLE"));
                    assertThat(found).isEqualTo(positionIn(file, file.indexOf("NEEDLE")));
                    assertThat(text.positionOf(0)).isEqualTo(new Position(text.line(), text.column()));
                }));
    }

    private static Position positionIn(String file, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (file.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new Position(line, offset - lineStart + 1);
    }
}
