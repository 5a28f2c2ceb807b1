package io.verdict.esql.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.verdict.esql.EsqlResult;
import io.verdict.esql.value.DataType;
import io.verdict.esql.value.MultiValue;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultComparatorTest {

    private static final String WARNING =
            "Line 1:20: evaluation of [a + 1] failed, treating result as null." + " Only first 20 failures recorded.";

    private static SpecCase spec(
            String header, List<String> rows, boolean ignoreOrder, List<String> warnings, List<String> regexes) {
        return new SpecCase("x.csv-spec", "t", 1, List.of(), "ROW a = 1", warnings, regexes, ignoreOrder, header, rows);
    }

    private static EsqlResult result(List<EsqlResult.Column> columns, List<List<Object>> rows, List<String> warnings) {
        return new EsqlResult(columns, rows, warnings, List.of());
    }

    private static final List<EsqlResult.Column> COLUMNS = List.of(
            new EsqlResult.Column("n", DataType.INTEGER),
            new EsqlResult.Column("d", DataType.DOUBLE),
            new EsqlResult.Column("at", DataType.DATETIME),
            new EsqlResult.Column("k", DataType.KEYWORD));
    private static final String HEADER = "n:integer | d:double | at:date | k:keyword";

    @Test
    void equalResultsHaveNoDifference() {
        SpecCase spec = spec(
                HEADER,
                List.of("1 | 2.0299999713897705 | 2023-10-23T12:00:00 | [a, b]", "2 | 0.5 | null | x"),
                false,
                List.of(),
                List.of());
        EsqlResult result = result(
                COLUMNS,
                List.of(
                        List.of(
                                1,
                                2.0299999713897705,
                                Instant.parse("2023-10-23T12:00:00Z"),
                                new MultiValue(List.of("a", "b"))),
                        java.util.Arrays.asList(2, 0.5, null, "x")),
                List.of());
        assertNull(ResultComparator.firstDifference(spec, result));
    }

    @Test
    void namesTheFirstDifference() {
        SpecCase spec = spec(HEADER, List.of("1 | 2.03 | 2023-10-23T12:00:00 | [a, b]"), false, List.of(), List.of());
        List<Object> row = List.of(
                1, 2.0299999713897705, Instant.parse("2023-10-23T12:00:00Z"), new MultiValue(List.of("a", "b")));
        assertEquals(
                "row 1, column d: expected 2.03, got 2.0299999713897705",
                ResultComparator.firstDifference(spec, result(COLUMNS, List.of(row), List.of())));
        assertEquals(
                "expected 1 rows, got 0",
                ResultComparator.firstDifference(spec, result(COLUMNS, List.of(), List.of())));
        List<EsqlResult.Column> text =
                List.of(COLUMNS.get(0), COLUMNS.get(1), COLUMNS.get(2), new EsqlResult.Column("k", DataType.TEXT));
        assertEquals(
                "expected columns [n:integer, d:double, at:date, k:keyword], got [n:integer, d:double, at:date, k:text]",
                ResultComparator.firstDifference(spec, result(text, List.of(row), List.of())));
        SpecCase order = spec(
                HEADER, List.of("1 | 2.0299999713897705 | 2023-10-23T12:00:00 | [b, a]"), false, List.of(), List.of());
        assertEquals(
                "row 1, column k: expected [b, a], got [a, b]",
                ResultComparator.firstDifference(order, result(COLUMNS, List.of(row), List.of())));
    }

    @Test
    void ignoreOrderComparesRowsAsAMultiset() {
        List<EsqlResult.Column> one = List.of(new EsqlResult.Column("n", DataType.INTEGER));
        EsqlResult result = result(one, List.of(List.of(2), List.of(1)), List.of());
        assertNull(ResultComparator.firstDifference(
                spec("n:integer", List.of("1", "2"), true, List.of(), List.of()), result));
        assertEquals(
                "row 1, column n: expected 1, got 2",
                ResultComparator.firstDifference(
                        spec("n:integer", List.of("1", "2"), false, List.of(), List.of()), result));
    }

    @Test
    void warningsMayWritePercentAsPercentTwentyFiveAndOlderSnapshotsListNone() {
        List<EsqlResult.Column> one = List.of(new EsqlResult.Column("n", DataType.INTEGER));
        List<List<Object>> rows = List.of(java.util.Collections.singletonList(null));
        String mod =
                "Line 1:44: evaluation of [max % 0] failed, treating result as null. Only first 20 failures recorded.";
        SpecCase encoded = spec("n:integer", List.of("null"), false, List.of(mod.replace("%", "%25")), List.of());
        assertNull(ResultComparator.firstDifference(encoded, result(one, rows, List.of(mod))));
        SpecCase none = spec("n:integer", List.of("null"), false, List.of(), List.of());
        assertNull(ResultComparator.firstDifference(none, result(one, rows, List.of(WARNING)), false));
        assertEquals(
                "unexpected warning " + WARNING,
                ResultComparator.firstDifference(none, result(one, rows, List.of(WARNING)), true));
    }

    @Test
    void stringMultivaluesWithUnescapedCommasCompareByTheirJoinedText() {
        MultiValue titles = new MultiValue(List.of("Worlds, Planets", "Woman"));
        assertEquals(
                true, ResultComparator.same(ExpectedTable.cell("[Worlds, Planets, Woman]", DataType.KEYWORD), titles));
        assertEquals(false, ResultComparator.same(ExpectedTable.cell("[Worlds, Woman]", DataType.KEYWORD), titles));
        assertEquals(
                false,
                ResultComparator.same(ExpectedTable.cell("[1, 2]", DataType.INTEGER), new MultiValue(List.of(2, 1))));
    }

    @Test
    void warningsCompareByTheirEvaluationLines() {
        List<EsqlResult.Column> one = List.of(new EsqlResult.Column("n", DataType.INTEGER));
        List<List<Object>> rows = List.of(java.util.Collections.singletonList(null));
        String exception = "Line 1:20: java.lang.ArithmeticException: integer overflow";
        SpecCase literal = spec(
                "n:integer",
                List.of("null"),
                false,
                List.of(WARNING, "Line 1:20: org.elasticsearch.OldName: integer overflow"),
                List.of());
        assertNull(ResultComparator.firstDifference(literal, result(one, rows, List.of(WARNING, exception))));
        assertEquals(
                "expected the warning " + WARNING + ", got []",
                ResultComparator.firstDifference(literal, result(one, rows, List.of())));
        SpecCase none = spec("n:integer", List.of("null"), false, List.of(), List.of());
        assertEquals(
                "unexpected warning " + WARNING,
                ResultComparator.firstDifference(none, result(one, rows, List.of(WARNING))));
        SpecCase regex = spec(
                "n:integer",
                List.of("null"),
                false,
                List.of(),
                List.of("evaluation of \\[a \\+ 1\\] failed", "java.lang.ArithmeticException"));
        assertNull(ResultComparator.firstDifference(regex, result(one, rows, List.of(WARNING, exception))));
        String quoted =
                "Line 1:9: evaluation of [x like \"a*\"] failed, treating result as null. Only first 20 failures recorded.";
        SpecCase escaped = spec("n:integer", List.of("null"), false, List.of(quoted.replace("\"", "\\\"")), List.of());
        assertNull(ResultComparator.firstDifference(escaped, result(one, rows, List.of(quoted))));
    }
}
