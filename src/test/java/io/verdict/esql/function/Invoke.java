package io.verdict.esql.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.verdict.esql.value.DataType;
import io.verdict.esql.value.GeoPoint;
import io.verdict.esql.value.Ip;
import io.verdict.esql.value.MultiValue;
import io.verdict.esql.value.Values;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;

/** Calls functions as the evaluator does: binds with the argument types, then applies the null and multivalue rules. */
final class Invoke {

    /** What a call that fails at run time answers in these tests: the exception ES would warn about. */
    record Failed(Class<? extends Throwable> type, String message) {}

    private Invoke() {}

    /** A named test that the call on literal arguments answers {@code expected}. */
    static DynamicTest expect(Object expected, String name, Object... args) {
        String label = name + Arrays.stream(args).map(String::valueOf).toList() + " = " + expected;
        return DynamicTest.dynamicTest(label, () -> assertEquals(expected, call(name, args), label));
    }

    /** A named test that the call on literal arguments fails at run time with that exception and message. */
    static DynamicTest fails(Class<? extends Throwable> type, String message, String name, Object... args) {
        return expect(new Failed(type, message), name, args);
    }

    static DataType typeOf(Object value) {
        if (value instanceof MultiValue mv) {
            return typeOf(mv.get(0));
        }
        if (value == null) {
            return DataType.NULL;
        }
        if (value instanceof Integer) {
            return DataType.INTEGER;
        }
        if (value instanceof Long) {
            return DataType.LONG;
        }
        if (value instanceof Double) {
            return DataType.DOUBLE;
        }
        if (value instanceof String) {
            return DataType.KEYWORD;
        }
        if (value instanceof Boolean) {
            return DataType.BOOLEAN;
        }
        if (value instanceof Instant) {
            return DataType.DATETIME;
        }
        if (value instanceof Ip) {
            return DataType.IP;
        }
        if (value instanceof GeoPoint) {
            return DataType.GEO_POINT;
        }
        if (value instanceof Duration) {
            return DataType.TIME_DURATION;
        }
        if (value instanceof Period) {
            return DataType.DATE_PERIOD;
        }
        if (value instanceof java.util.Map) {
            return DataType.KEYWORD;
        }
        throw new IllegalArgumentException("no type for " + value);
    }

    static List<DataType> types(Object... args) {
        return Arrays.stream(args).map(Invoke::typeOf).toList();
    }

    /** A multivalue of the elements. */
    static Object mv(Object... elements) {
        return Values.of(Arrays.asList(elements));
    }

    /** Binds with every argument a constant, as a call on literals is. */
    static ScalarFunction.Bound bind(String name, Object... args) {
        ScalarFunction f = Functions.scalar(name);
        assertNotNull(f, name + " is registered");
        return f.bind(types(args), Arrays.asList(args));
    }

    /** Binds with no argument a constant, as a call on columns is. */
    static ScalarFunction.Bound bindColumns(String name, List<DataType> types) {
        ScalarFunction f = Functions.scalar(name);
        assertNotNull(f, name + " is registered");
        List<Object> constants = new ArrayList<>();
        types.forEach(t -> constants.add(ScalarFunction.NOT_CONSTANT));
        return f.bind(types, constants);
    }

    /** The value of the call on literal arguments, or a {@link Failed} for what ES warns about. */
    static Object call(String name, Object... args) {
        return apply(bind(name, args), args);
    }

    static Object apply(ScalarFunction.Bound bound, Object... args) {
        for (Object a : args) {
            if (a == null && !bound.nulls()) {
                return null;
            }
            if (a instanceof MultiValue && !bound.multivalues()) {
                return new Failed(IllegalArgumentException.class, "single-value function encountered multi-value");
            }
        }
        try {
            return bound.body().apply(args);
        } catch (RuntimeException e) {
            return new Failed(e.getClass(), e.getMessage());
        }
    }

    /** Aggregates the rows (each an argument array) in one accumulator, and again in two merged halves. */
    static Object[] aggregate(String name, List<DataType> types, List<Object> constants, List<Object[]> rows) {
        AggregateFunction f = Functions.aggregate(name);
        assertNotNull(f, name + " is registered");
        AggregateFunction.Bound bound = f.bind(types, constants);
        AggregateFunction.Accumulator whole = bound.accumulators().get();
        AggregateFunction.Accumulator first = bound.accumulators().get();
        AggregateFunction.Accumulator second = bound.accumulators().get();
        for (int i = 0; i < rows.size(); i++) {
            whole.add(rows.get(i));
            (i < rows.size() / 2 ? first : second).add(rows.get(i));
        }
        first.merge(second);
        return new Object[] {result(whole), result(first)};
    }

    private static Object result(AggregateFunction.Accumulator a) {
        try {
            return a.result();
        } catch (RuntimeException e) {
            return new Failed(e.getClass(), e.getMessage());
        }
    }
}
