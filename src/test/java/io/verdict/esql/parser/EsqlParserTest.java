package io.verdict.esql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.verdict.esql.ast.Command;
import io.verdict.esql.ast.Expr;
import io.verdict.esql.ast.Query;
import io.verdict.query.Problem;
import io.verdict.query.QueryException;
import io.verdict.query.QueryLimits;
import io.verdict.query.SourceText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class EsqlParserTest {

    /** A block of a case file: the query, and the line after it that starts with the marker. */
    record Case(String query, String expected, int line) {}

    static List<Case> cases(String resource, String marker) throws IOException {
        try (InputStream stream = EsqlParserTest.class.getResourceAsStream(resource)) {
            String[] lines = new String(stream.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1);
            List<Case> cases = new ArrayList<>();
            List<String> query = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i];
                if (line.startsWith(marker)) {
                    cases.add(new Case(String.join("\n", query), line.substring(marker.length()), start + 1));
                    query.clear();
                } else if (line.startsWith("#") || line.isBlank() && query.isEmpty()) {
                    start = i + 1;
                } else {
                    if (query.isEmpty()) {
                        start = i;
                    }
                    query.add(line);
                }
            }
            return cases;
        }
    }

    @TestFactory
    Stream<DynamicTest> shapes() throws IOException {
        return cases("/esql/parser/shapes.txt", "=> ").stream()
                .map(c -> DynamicTest.dynamicTest(
                        "shapes.txt:" + c.line() + " " + c.query(),
                        () -> assertEquals(
                                c.expected(), AstPrinter.print(EsqlParser.parse(SourceText.of(c.query()))))));
    }

    @TestFactory
    Stream<DynamicTest> problems() throws IOException {
        return cases("/esql/parser/problems.txt", "!! ").stream()
                .map(c -> DynamicTest.dynamicTest("problems.txt:" + c.line() + " " + c.query(), () -> {
                    QueryException e = assertThrows(
                            QueryException.class,
                            () -> EsqlParser.parse(SourceText.of(c.query())),
                            () -> "parsed: " + c.query());
                    Problem p = e.problems().get(0);
                    assertEquals(c.expected(), p.line() + ":" + p.column() + " " + p.message());
                }));
    }

    @Test
    void problemsAreInTheCoordinatesOfTheRuleFile() {
        SourceText text = SourceText.at("FROM x\n| WHERE a ==\n| KEEP a", "rules/x.toml", 27, 1);
        Problem p = assertThrows(QueryException.class, () -> EsqlParser.parse(text))
                .problems()
                .get(0);
        assertEquals("rules/x.toml:29:1", p.location());
        assertEquals("expected an expression, found '|'", p.message());
    }

    @Test
    void expressionsKeepTheirTextForWarningsAndColumnNames() {
        Query q = EsqlParser.parse(
                SourceText.of("FROM x | EVAL (a  +  b) * c, y = -1, to_lower( z ) | STATS count(*) BY `host.name`"));
        Command.Eval eval = (Command.Eval) q.commands().get(1);
        Expr.Binary product = (Expr.Binary) eval.fields().get(0).expr();
        assertEquals("(a  +  b) * c", q.textOf(product));
        assertEquals("a  +  b", q.textOf(product.left()));
        assertEquals("(a  +  b) * c", eval.fields().get(0).name());
        assertEquals("-1", q.textOf(eval.fields().get(1).expr()));
        assertEquals("to_lower( z )", eval.fields().get(2).name());
        Command.Stats stats = (Command.Stats) q.commands().get(2);
        assertEquals("count(*)", stats.aggregates().get(0).name());
        assertEquals("host.name", stats.groups().get(0).name());
        assertEquals(q.text().indexOf("count"), stats.aggregates().get(0).offset());
    }

    @Test
    void unsupportedCommandsKeepTheirTextAndTheRestParses() {
        String text = "FROM x | COMPLETION r = p WITH { \"inference_id\": \"a\" }  | WHERE r IS NOT NULL";
        Query q = EsqlParser.parse(SourceText.of(text));
        Command.Unsupported completion =
                assertInstanceOf(Command.Unsupported.class, q.commands().get(1));
        assertEquals(
                "COMPLETION r = p WITH { \"inference_id\": \"a\" }",
                text.substring(completion.offset(), completion.end()));
        assertInstanceOf(Command.Where.class, q.commands().get(2));
    }

    @Test
    void esqlTenThousandNestedParenthesesIsAProblemNotAStackOverflow() {
        String deep = "FROM x | WHERE " + "(".repeat(10_000) + "a" + ")".repeat(10_000);
        Problem p = assertThrows(QueryException.class, () -> EsqlParser.parse(SourceText.of(deep)))
                .problems()
                .get(0);
        assertEquals(QueryLimits.tooDeep(), p.message());
        for (String prefix : List.of("NOT ", "-", "f(", "[")) {
            String nested = "FROM x | EVAL " + prefix.repeat(10_000) + "a";
            assertThrows(QueryException.class, () -> EsqlParser.parse(SourceText.of(nested)), prefix);
        }
    }

    @Test
    void esqlChainOfTenThousandOperatorsIsAProblemNotAStackOverflow() {
        String chain = "FROM x | WHERE a" + " AND a".repeat(10_000);
        Problem p = assertThrows(QueryException.class, () -> EsqlParser.parse(SourceText.of(chain)))
                .problems()
                .get(0);
        assertTrue(p.message().contains("more than " + ExpressionParser.MAX_HEIGHT), p.message());
        String fine = "FROM x | WHERE a" + " OR a".repeat(ExpressionParser.MAX_HEIGHT / 2);
        assertInstanceOf(
                Command.Where.class,
                EsqlParser.parse(SourceText.of(fine)).commands().get(1));
    }

    @Test
    void aFieldNameOverTheLimitIsAProblem() {
        String name = "a" + ".b".repeat(QueryLimits.MAX_FIELD_PARTS);
        Problem p = assertThrows(
                        QueryException.class, () -> EsqlParser.parse(SourceText.of("FROM x | WHERE " + name + " == 1")))
                .problems()
                .get(0);
        assertTrue(p.message().startsWith("field name ["), p.message());
    }
}
