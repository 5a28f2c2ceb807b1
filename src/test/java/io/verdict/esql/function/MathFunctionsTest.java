package io.verdict.esql.function;

import static io.verdict.esql.function.Invoke.expect;
import static io.verdict.esql.function.Invoke.fails;
import static io.verdict.esql.function.Invoke.mv;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.verdict.esql.value.DataType;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class MathFunctionsTest {

    @TestFactory
    Stream<DynamicTest> math() {
        return Stream.of(
                expect(5, "ABS", -5),
                expect(5L, "ABS", -5L),
                expect(1.5, "ABS", -1.5),
                expect(2.0, "CEIL", 1.2),
                expect(7, "FLOOR", 7),
                expect(0.4, "ROUND", 0.4025, 2),
                expect(-3.0, "ROUND", -2.5),
                expect(1230, "ROUND", 1234, -1),
                expect(1240, "ROUND", 1235, -1),
                expect(-1240L, "ROUND", -1235L, -1),
                expect(8.0, "POW", 2, 3),
                fails(ArithmeticException.class, "not a finite double number: NaN", "POW", -1, 0.5),
                expect(3.0, "LOG", 2.0, 8.0),
                expect(12.0, "LOG", 10, 1000000000000L),
                expect(0.08333333333333333, "LOG", 1000000000000L, 10),
                fails(ArithmeticException.class, "Log of non-positive number", "LOG", 2.0, -0.0),
                fails(ArithmeticException.class, "Log of base 1", "LOG", 1, 2),
                expect(2.0, "LOG10", 100),
                expect(3.0, "SQRT", 9),
                fails(ArithmeticException.class, "Square root of negative", "SQRT", -1),
                expect(3.0, "CBRT", 27),
                expect(5.0, "HYPOT", 3, 4),
                expect(-1.0, "SIGNUM", -7L),
                expect(Math.PI, "PI"),
                expect(Math.E, "E"),
                expect(2 * Math.PI, "TAU"),
                expect(0.0, "SIN", 0),
                fails(ArithmeticException.class, "Asin input out of range", "ASIN", 2),
                expect(Math.PI / 4, "ATAN2", 1, 1),
                expect(5, "GREATEST", 1, 5, 3),
                expect(5, "GREATEST", mv(1, 5), 3),
                expect("b", "LEAST", "b", "c"),
                expect(mv(Math.PI / 2, Math.PI), "TO_RADIANS", mv(90, 180)),
                expect(mv(57.29577951308232, 114.59155902616465), "TO_DEGREES", mv(1, 2)));
    }

    @Test
    void greatestWidensMixedNumbers() {
        ScalarFunction.Bound bound = Invoke.bindColumns("GREATEST", List.of(DataType.INTEGER, DataType.DOUBLE));
        assertEquals(DataType.DOUBLE, bound.type());
        assertEquals(2.0, Invoke.apply(bound, 2, 1.5));
    }
}
