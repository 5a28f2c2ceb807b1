package io.verdict.esql.function;

import static io.verdict.esql.function.Invoke.expect;
import static io.verdict.esql.function.Invoke.fails;
import static io.verdict.esql.function.Invoke.mv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.verdict.esql.value.DataType;
import io.verdict.esql.value.Ip;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class MvFunctionsTest {

    @TestFactory
    Stream<DynamicTest> reducers() {
        return Stream.of(
                expect("b", "MV_FIRST", mv("b", "a")),
                expect("a", "MV_LAST", mv("b", "a")),
                expect(7, "MV_FIRST", 7),
                expect(null, "MV_FIRST", (Object) null),
                expect("bar", "MV_MIN", mv("foo", "zoo", "bar")),
                expect("zoo", "MV_MAX", mv("foo", "zoo", "bar")),
                expect("é", "MV_MAX", mv("é", "z")),
                expect(Ip.parse("10.0.0.1"), "MV_MIN", mv(Ip.parse("10.0.0.2"), Ip.parse("10.0.0.1"))),
                expect(3, "MV_COUNT", mv("foo", "zoo", "bar")),
                expect(1, "MV_COUNT", "foo"),
                expect(9, "MV_SUM", mv(3, 5, 1)),
                expect(9L, "MV_SUM", mv(3L, 5L, 1L)),
                fails(ArithmeticException.class, "integer overflow", "MV_SUM", mv(Integer.MAX_VALUE, 1)),
                expect(3.0, "MV_AVG", mv(3, 5, 1)),
                expect(3, "MV_MEDIAN", mv(3, 5, 1)),
                expect(3, "MV_MEDIAN", mv(-3, 5, 1, 6)),
                expect(-3, "MV_MEDIAN", mv(-3, -2)),
                expect(3.0, "MV_MEDIAN", mv(1.0, 5.0)),
                expect("foo, zoo, bar", "MV_CONCAT", mv("foo", "zoo", "bar"), ", "),
                expect("foo", "MV_CONCAT", "foo", ", "));
    }

    @TestFactory
    Stream<DynamicTest> slicesAndSorts() {
        return Stream.of(
                expect(mv(true, false), "MV_SLICE", mv(true, false, false), 0, 1),
                expect(true, "MV_SLICE", mv(true, false, false), 0),
                expect(mv(2, 3), "MV_SLICE", mv(1, 2, 3), -2, -1),
                expect(3, "MV_SLICE", mv(1, 2, 3), 2, 10),
                expect(null, "MV_SLICE", mv(1, 2, 3), 3, 4),
                expect(1, "MV_SLICE", 1, 0, 0),
                expect(mv(false, false, true, true), "MV_SORT", mv(true, false, true, false)),
                expect(mv(true, true, false, false), "MV_SORT", mv(true, false, true, false), "DESC"),
                expect(mv("a", "b"), "MV_DEDUPE", mv("a", "b", "a")),
                expect("a", "MV_DEDUPE", mv("a", "a")),
                expect(mv(1, 2, 3), "MV_APPEND", mv(1, 2), 3),
                expect(null, "MV_APPEND", null, 3),
                expect(mv("b", "c"), "MV_INTERSECTION", mv("a", "b", "c"), mv("c", "b", "d")),
                expect(null, "MV_INTERSECTION", mv("a", "b"), "c"),
                expect(true, "MV_CONTAINS", mv("a", "b", "c"), mv("c", "a")),
                expect(false, "MV_CONTAINS", mv("a", "b", "c"), mv("c", "x")),
                expect(true, "MV_CONTAINS", "a", null),
                expect(false, "MV_CONTAINS", null, "a"),
                expect(mv("a@@1", "b@@2", "c"), "MV_ZIP", mv("a", "b", "c"), mv("1", "2"), "@@"),
                expect("a,1", "MV_ZIP", "a", "1"));
    }

    @Test
    void mvSliceWithComputedOffsetsOutOfOrderIsANullWithAWarning() {
        ScalarFunction.Bound bound =
                Invoke.bindColumns("MV_SLICE", List.of(DataType.INTEGER, DataType.INTEGER, DataType.INTEGER));
        assertEquals(
                new Invoke.Failed(InvalidArgumentException.class, "Start offset is greater than end offset"),
                Invoke.apply(bound, mv(1, 2, 3), 2, 1));
        assertEquals(
                new Invoke.Failed(InvalidArgumentException.class, "Start and end offset have different signs"),
                Invoke.apply(bound, mv(1, 2, 3), -1, 1));
        assertThrows(IllegalArgumentException.class, () -> Invoke.bind("MV_SLICE", mv(1, 2, 3), 2, 1));
    }

    @Test
    void mvSortRejectsAnOrderOtherThanAscOrDesc() {
        assertThrows(IllegalArgumentException.class, () -> Invoke.bind("MV_SORT", mv(1, 2), "up"));
    }

    @Test
    void reducersKeepTheirArgumentsType() {
        assertEquals(
                DataType.DATETIME,
                Invoke.bindColumns("MV_MAX", List.of(DataType.DATETIME)).type());
        assertEquals(
                DataType.INTEGER,
                Invoke.bindColumns("MV_COUNT", List.of(DataType.IP)).type());
        assertEquals(
                DataType.DOUBLE,
                Invoke.bindColumns("MV_AVG", List.of(DataType.INTEGER)).type());
        assertEquals(
                DataType.KEYWORD,
                Invoke.bindColumns("MV_CONCAT", List.of(DataType.TEXT, DataType.KEYWORD))
                        .type());
    }
}
