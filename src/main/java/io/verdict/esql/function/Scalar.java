package io.verdict.esql.function;

import io.verdict.esql.value.DataType;
import io.verdict.esql.value.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/** A scalar function whose binding is one lambda: what every built-in function is. */
record Scalar(String name, Binder binder) implements ScalarFunction {

    /** Checks the argument types and binds; see {@link ScalarFunction#bind}. */
    @FunctionalInterface
    interface Binder {
        Bound bind(List<DataType> types, List<Object> constants);
    }

    /** One parameter: the types it takes, and how ES names them in a verification error. */
    record Param(String expected, Predicate<DataType> accepted) {}

    static final Param STRING = new Param("string", Arguments.STRING);
    static final Param NUMERIC = new Param("numeric", Arguments.NUMERIC);
    static final Param INTEGER = new Param("integer", Arguments.INTEGER);
    static final Param WHOLE = new Param("integer or long", Arguments.WHOLE);

    @Override
    public Bound bind(List<DataType> types, List<Object> constants) {
        return binder.bind(types, constants);
    }

    /**
     * The usual function: the first {@code required} of {@code params} must be given, the result is always of
     * {@code result}, null in gives null out and a multivalue in gives null and a warning.
     */
    static Scalar of(String name, DataType result, int required, Body body, Param... params) {
        return new Scalar(name, (types, constants) -> {
            check(name, types, required, params);
            return Bound.of(result, body);
        });
    }

    /** {@link #of} with every parameter required. */
    static Scalar of(String name, DataType result, Body body, Param... params) {
        return of(name, result, params.length, body, params);
    }

    /** A function of one argument that maps each element of a multivalue. */
    static Scalar elementWise(String name, DataType result, Param param, Function<Object, Object> each) {
        return new Scalar(name, (types, constants) -> {
            check(name, types, 1, param);
            return new Bound(result, args -> map(args[0], each), true, false);
        });
    }

    /** Applies {@code each} to every element, dropping the elements it maps to null. */
    static Object map(Object value, Function<Object, Object> each) {
        List<Object> elements = Values.elements(value);
        if (elements.size() == 1) {
            return each.apply(elements.get(0));
        }
        List<Object> out = new ArrayList<>(elements.size());
        for (Object e : elements) {
            out.add(each.apply(e));
        }
        return Values.of(out);
    }

    static void check(String name, List<DataType> types, int required, Param... params) {
        Arguments.count(name, types, required, params.length);
        for (int i = 0; i < types.size(); i++) {
            Arguments.check(types, i, params[i].expected(), params[i].accepted());
        }
    }
}
