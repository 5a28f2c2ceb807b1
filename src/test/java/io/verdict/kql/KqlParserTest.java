package io.verdict.kql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.verdict.query.Problem;
import io.verdict.query.QueryException;
import io.verdict.query.SourceText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The parser cases of {@code parser-cases.tsv}: supported queries with their tree, unsupported with the error position. */
class KqlParserTest {

    record Case(int line, String kind, String query, String expected) {}

    @TestFactory
    Stream<DynamicTest> parserCases() throws IOException {
        return load().stream()
                .map(c -> DynamicTest.dynamicTest(
                        "line " + c.line() + " " + c.kind() + ": " + c.query().replace("\n", "⏎"), () -> check(c)));
    }

    private static void check(Case c) {
        SourceText source = SourceText.of(c.query());
        if (c.kind().equals("ok")) {
            assertEquals(c.expected(), KqlPrinter.print(KqlParser.parse(source)));
            return;
        }
        QueryException error = assertThrows(QueryException.class, () -> KqlParser.parse(source));
        Problem problem = error.problems().get(0);
        int space = c.expected().indexOf(' ');
        String position = space < 0 ? c.expected() : c.expected().substring(0, space);
        assertEquals(position, problem.line() + ":" + problem.column(), problem.render());
        if (space > 0) {
            String fragment = c.expected().substring(space + 1);
            assertTrue(problem.message().contains(fragment), () -> "'" + fragment + "' not in: " + problem.message());
        }
    }

    @Test
    void errorsAreReportedInFileCoordinates() {
        SourceText inFile = SourceText.at("a:1 and\n  b:2 c:3", "rules/x.toml", 27, 9);
        QueryException error = assertThrows(QueryException.class, () -> KqlParser.parse(inFile));
        Problem problem = error.problems().get(0);
        // "2 c" is one value (Kibana lets unquoted values hold spaces), so the error is at the second colon
        assertEquals("rules/x.toml:28:8", problem.location());
        assertTrue(problem.render().endsWith("  b:2 c:3\n       ^"), problem.render());
    }

    @Test
    void nodesCarryTheirOffsets() {
        KqlNode.And and = (KqlNode.And) KqlParser.parse(SourceText.of("a:1 and not b:(x or y)"));
        assertEquals(0, and.offset());
        KqlNode.Not not = (KqlNode.Not) and.operands().get(1);
        assertEquals(8, not.offset());
        KqlNode.Or or = (KqlNode.Or) not.operand();
        assertEquals(15, ((KqlNode.Match) or.operands().get(0)).value().offset());
        assertEquals(20, ((KqlNode.Match) or.operands().get(1)).value().offset());
        assertEquals(12, ((KqlNode.Match) or.operands().get(1)).field().offset());
    }

    /** Cases file: kind TAB query TAB expected; '#' comments; duplicate or malformed cases are rejected. */
    static List<Case> load() throws IOException {
        List<Case> cases = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        try (InputStream in = KqlParserTest.class.getResourceAsStream("parser-cases.tsv")) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i];
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cols = line.split("\t", -1);
                if (cols.length != 3 || !(cols[0].equals("ok") || cols[0].equals("error"))) {
                    throw new IllegalStateException(
                            "parser-cases.tsv:" + (i + 1) + ": expected kind<TAB>query<TAB>expected");
                }
                if (!seen.add(cols[1])) {
                    throw new IllegalStateException("parser-cases.tsv:" + (i + 1) + ": duplicate query " + cols[1]);
                }
                cases.add(new Case(i + 1, cols[0], cols[1].replace("⏎", "\n").replace("⇥", "\t"), cols[2]));
            }
        }
        return cases;
    }
}
