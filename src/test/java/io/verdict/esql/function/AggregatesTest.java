package io.verdict.esql.function;

import static io.verdict.esql.function.Invoke.mv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.verdict.esql.value.DataType;
import io.verdict.esql.value.Ip;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class AggregatesTest {

    /** A test that aggregating one-argument rows gives {@code expected}, whole and merged from two halves. */
    private static DynamicTest over(Object expected, String name, DataType type, Object... values) {
        return with(expected, name, List.of(type), List.of(ScalarFunction.NOT_CONSTANT), values);
    }

    private static DynamicTest with(
            Object expected, String name, List<DataType> types, List<Object> constants, Object... values) {
        String label = name + Arrays.asList(values) + " = " + expected;
        return DynamicTest.dynamicTest(label, () -> {
            List<Object[]> rows = new ArrayList<>();
            for (Object v : values) {
                Object[] row = new Object[types.size()];
                row[0] = v;
                for (int i = 1; i < row.length; i++) {
                    row[i] = constants.get(i);
                }
                rows.add(row);
            }
            Object[] answers = Invoke.aggregate(name, types, constants, rows);
            assertEquals(expected, answers[0], label);
            assertEquals(expected, answers[1], label + " (merged)");
        });
    }

    @TestFactory
    Stream<DynamicTest> counting() {
        return Stream.of(
                over(3L, "COUNT", DataType.KEYWORD, mv("a", "b", "a")),
                over(2L, "COUNT", DataType.KEYWORD, "a", null, "b"),
                over(0L, "COUNT", DataType.KEYWORD),
                over(true, "PRESENT", DataType.KEYWORD, null, "a"),
                over(false, "PRESENT", DataType.KEYWORD, (Object) null),
                over(false, "PRESENT", DataType.KEYWORD),
                over(true, "ABSENT", DataType.KEYWORD, null, null),
                over(false, "ABSENT", DataType.KEYWORD, null, "a"),
                over(3L, "COUNT_DISTINCT", DataType.KEYWORD, mv("a", "b"), "c", null, "a"),
                over(0L, "COUNT_DISTINCT", DataType.KEYWORD, (Object) null),
                over(
                        2L,
                        "COUNT_DISTINCT",
                        DataType.IP,
                        Ip.parse("10.0.0.1"),
                        Ip.parse("::ffff:10.0.0.1"),
                        Ip.parse("::1")));
    }

    @TestFactory
    Stream<DynamicTest> extremesAndSums() {
        Instant early = Instant.parse("2023-10-23T12:15:03.360Z");
        Instant late = Instant.parse("2023-10-23T13:55:01.543Z");
        return Stream.of(
                over(1, "MIN", DataType.INTEGER, 3, mv(1, 7), null),
                over(7, "MAX", DataType.INTEGER, 3, mv(1, 7), null),
                over(null, "MAX", DataType.INTEGER, (Object) null),
                over(false, "MIN", DataType.BOOLEAN, true, false),
                over("Zoe", "MIN", DataType.KEYWORD, "alpha", "Zoe"),
                over(late, "MAX", DataType.DATETIME, early, late),
                over(Ip.parse("::1"), "MIN", DataType.IP, Ip.parse("10.0.0.1"), Ip.parse("::1")),
                over(11L, "SUM", DataType.INTEGER, 3, mv(1, 7), null),
                over(null, "SUM", DataType.LONG),
                over(
                        new Invoke.Failed(ArithmeticException.class, "long overflow"),
                        "SUM",
                        DataType.LONG,
                        Long.MAX_VALUE,
                        1L,
                        5L,
                        -10L),
                over(2.5, "SUM", DataType.DOUBLE, 1.0, 1.5),
                over(2.0, "AVG", DataType.INTEGER, 1, mv(2, 3)),
                over(null, "AVG", DataType.INTEGER));
    }

    @TestFactory
    Stream<DynamicTest> distributions() {
        return Stream.of(
                over(2.5, "MEDIAN", DataType.INTEGER, 1, 2, 3, 4),
                over(2.0, "MEDIAN", DataType.INTEGER, 3, 1, 2),
                over(Math.sqrt(5.25), "STD_DEV", DataType.DOUBLE, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0),
                over(1.25, "VARIANCE", DataType.INTEGER, 1, 2, 3, 4),
                over(1.0, "MEDIAN_ABSOLUTE_DEVIATION", DataType.INTEGER, 1, 2, 3, 4),
                with(
                        2.5,
                        "WEIGHTED_AVG",
                        List.of(DataType.INTEGER, DataType.INTEGER),
                        List.of(ScalarFunction.NOT_CONSTANT, 2),
                        1,
                        4),
                with(
                        3.7,
                        "PERCENTILE",
                        List.of(DataType.DOUBLE, DataType.INTEGER),
                        List.of(ScalarFunction.NOT_CONSTANT, 90),
                        1.0,
                        2.0,
                        3.0,
                        4.0));
    }

    @TestFactory
    Stream<DynamicTest> values() {
        return Stream.of(
                over(mv("A", "a", "b"), "VALUES", DataType.KEYWORD, "b", mv("a", "A"), "b", null),
                over("a", "VALUES", DataType.KEYWORD, "a", "a"),
                over(null, "VALUES", DataType.KEYWORD, (Object) null),
                over(mv(1, 2, 10), "VALUES", DataType.INTEGER, 10, 2, 1),
                over(
                        mv(Ip.parse("::1"), Ip.parse("1.1.1.1"), Ip.parse("10.0.0.1")),
                        "VALUES",
                        DataType.IP,
                        Ip.parse("::1"),
                        Ip.parse("10.0.0.1"),
                        Ip.parse("1.1.1.1")));
    }

    @TestFactory
    Stream<DynamicTest> selections() {
        List<DataType> top = List.of(DataType.INTEGER, DataType.INTEGER, DataType.KEYWORD);
        return Stream.of(
                with(mv(1, 1, 2), "TOP", top, List.of(ScalarFunction.NOT_CONSTANT, 3, "asc"), 5, 1, 2, 1, 9),
                with(mv(9, 5), "TOP", top, List.of(ScalarFunction.NOT_CONSTANT, 2, "DESC"), 5, 1, mv(2, 9), 1),
                with(4, "TOP", top, List.of(ScalarFunction.NOT_CONSTANT, 1, "asc"), 4));
    }

    @Test
    void firstAndLastPickTheValueOfTheSmallestAndLargestSortKey() {
        List<DataType> types = List.of(DataType.LONG, DataType.DATETIME);
        List<Object> constants = List.of(ScalarFunction.NOT_CONSTANT, ScalarFunction.NOT_CONSTANT);
        List<Object[]> rows = List.of(
                new Object[] {1756467L, Instant.parse("2023-10-23T13:55:01.543Z")},
                new Object[] {3450233L, Instant.parse("2023-10-23T12:15:03.360Z")},
                new Object[] {99L, null},
                new Object[] {2764889L, Instant.parse("2023-10-23T12:27:28.948Z")});
        assertEquals(List.of(3450233L, 3450233L), Arrays.asList(Invoke.aggregate("FIRST", types, constants, rows)));
        assertEquals(List.of(1756467L, 1756467L), Arrays.asList(Invoke.aggregate("LAST", types, constants, rows)));
    }

    @Test
    void firstWithANullSortLiteralGivesTheFirstRowsValue() {
        List<Object[]> rows = List.of(new Object[] {10001, null}, new Object[] {10002, null});
        Object[] answers = Invoke.aggregate(
                "FIRST",
                List.of(DataType.INTEGER, DataType.NULL),
                Arrays.asList(ScalarFunction.NOT_CONSTANT, null),
                rows);
        assertEquals(10001, answers[0]);
    }

    @Test
    void countDistinctIsCloseToExactBelowThePrecisionThresholdAndCloseBeyond() {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 20000; i++) {
            rows.add(new Object[] {"value-" + i});
        }
        Object[] exact = Invoke.aggregate(
                "COUNT_DISTINCT",
                List.of(DataType.KEYWORD, DataType.INTEGER),
                List.of(ScalarFunction.NOT_CONSTANT, 40000),
                rows);
        // Below the threshold ES counts distinct 25-bit hash prefixes: 20000 values collide in a handful.
        assertEquals(20000.0, ((Long) exact[0]).doubleValue(), 20, "within 0.1 %");
        List<Object[]> few = rows.subList(0, 2000);
        assertEquals(
                2000L,
                Invoke.aggregate(
                        "COUNT_DISTINCT", List.of(DataType.KEYWORD), List.of(ScalarFunction.NOT_CONSTANT), few)[0]);
        Object[] sketched = Invoke.aggregate(
                "COUNT_DISTINCT", List.of(DataType.KEYWORD), List.of(ScalarFunction.NOT_CONSTANT), rows);
        for (Object answer : sketched) {
            assertEquals(20000.0, ((Long) answer).doubleValue(), 20000 * 0.03, "within 3 %");
        }
    }

    @Test
    void countDistinctWithALowPrecisionCountsAsEsSketchDoes() {
        // hosts.csv's ip1 column: 8 distinct addresses, which ES counts as 9 with a precision threshold of 5.
        List<Object[]> rows = new ArrayList<>();
        for (String ip : List.of(
                "127.0.0.1",
                "::1",
                "::1",
                "127.0.0.2",
                "128.0.0.1",
                "fe81::cae2:65ff:fece:feb9",
                "127.0.0.3",
                "fe80::cae2:65ff:fece:fec1",
                "127.0.0.1",
                "127.0.0.2",
                "127.0.0.3",
                "fe81::cae2:65ff:fece:feb9",
                "fe82::cae2:65ff:fece:fec0")) {
            rows.add(new Object[] {Ip.parse(ip), 5});
        }
        Object[] answers = Invoke.aggregate(
                "COUNT_DISTINCT",
                List.of(DataType.IP, DataType.INTEGER),
                List.of(ScalarFunction.NOT_CONSTANT, 5),
                rows);
        assertEquals(List.of(9L, 9L), Arrays.asList(answers));
        Object[] exact = Invoke.aggregate(
                "COUNT_DISTINCT",
                List.of(DataType.IP, DataType.INTEGER),
                List.of(ScalarFunction.NOT_CONSTANT, 80000),
                rows);
        assertEquals(List.of(8L, 8L), Arrays.asList(exact));
    }

    @Test
    void theSketchPrecisionFollowsTheThresholdAsInEs() {
        assertEquals(5, CountDistinct.precision(5));
        assertEquals(14, CountDistinct.precision(3000));
        assertEquals(18, CountDistinct.precision(40000));
        assertEquals(4, CountDistinct.precision(0));
    }

    @Test
    void aggregationTypesAreESs() {
        assertEquals(DataType.LONG, bind("COUNT").type());
        assertEquals(DataType.LONG, bind("SUM", DataType.INTEGER).type());
        assertEquals(DataType.DOUBLE, bind("AVG", DataType.LONG).type());
        assertEquals(DataType.DATETIME, bind("MAX", DataType.DATETIME).type());
        assertEquals(DataType.KEYWORD, bind("VALUES", DataType.TEXT).type());
        assertEquals(DataType.LONG, bind("COUNT_DISTINCT", DataType.IP).type());
        assertThrows(IllegalArgumentException.class, () -> bind("SUM", DataType.KEYWORD));
    }

    private static AggregateFunction.Bound bind(String name, DataType... types) {
        List<Object> constants = new ArrayList<>();
        for (DataType ignored : types) {
            constants.add(ScalarFunction.NOT_CONSTANT);
        }
        return Functions.aggregate(name).bind(List.of(types), constants);
    }
}
