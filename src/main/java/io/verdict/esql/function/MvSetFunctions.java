package io.verdict.esql.function;

import io.verdict.esql.value.DataType;
import io.verdict.esql.value.MultiValue;
import io.verdict.esql.value.Values;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The {@code MV_*} functions over the elements of one or two multivalues as sets or sequences. */
final class MvSetFunctions {

    private static final Scalar.Param ANY = new Scalar.Param("any type", Arguments.ANY);

    private MvSetFunctions() {}

    static List<ScalarFunction> all() {
        return List.of(
                new Scalar("MV_DEDUPE", (types, constants) -> {
                    Scalar.check("MV_DEDUPE", types, 1, ANY);
                    return new ScalarFunction.Bound(
                            types.get(0),
                            a -> Values.of(new ArrayList<>(new LinkedHashSet<>(Values.elements(a[0])))),
                            true,
                            false);
                }),
                new Scalar("MV_APPEND", (types, constants) -> {
                    sameTypes("MV_APPEND", types);
                    return new ScalarFunction.Bound(
                            Arguments.common(types),
                            a -> {
                                List<Object> all = new ArrayList<>(Values.elements(a[0]));
                                all.addAll(Values.elements(a[1]));
                                return Values.of(all);
                            },
                            true,
                            false);
                }),
                new Scalar("MV_INTERSECTION", (types, constants) -> {
                    sameTypes("MV_INTERSECTION", types);
                    return new ScalarFunction.Bound(
                            Arguments.common(types),
                            a -> {
                                Set<Object> other = new HashSet<>(Values.elements(a[1]));
                                List<Object> both = new ArrayList<>();
                                for (Object e : new LinkedHashSet<>(Values.elements(a[0]))) {
                                    if (other.contains(e)) {
                                        both.add(e);
                                    }
                                }
                                return Values.of(both);
                            },
                            true,
                            false);
                }),
                new Scalar("MV_CONTAINS", (types, constants) -> {
                    sameTypes("MV_CONTAINS", types);
                    // Every element of a null subset is in any superset; a null superset holds nothing else.
                    return new ScalarFunction.Bound(
                            DataType.BOOLEAN,
                            a -> a[1] == null
                                    || new HashSet<>(Values.elements(a[0])).containsAll(Values.elements(a[1])),
                            true,
                            true);
                }),
                new Scalar("MV_ZIP", MvSetFunctions::zip));
    }

    private static void sameTypes(String name, List<DataType> types) {
        Scalar.check(name, types, 2, ANY, ANY);
        DataType a = types.get(0);
        DataType b = types.get(1);
        if (a != DataType.NULL && b != DataType.NULL && a != b && !(a.string() && b.string())) {
            throw new ArgumentTypeException(1, a.esName(), b, false);
        }
    }

    /** {@code MV_ZIP(a, b[, delimiter])}: the i-th elements joined; the longer side's rest kept alone. */
    private static ScalarFunction.Bound zip(List<DataType> types, List<Object> constants) {
        Scalar.check("MV_ZIP", types, 2, Scalar.STRING, Scalar.STRING, Scalar.STRING);
        return new ScalarFunction.Bound(
                DataType.KEYWORD,
                a -> {
                    if (a[0] == null && a[1] == null) {
                        return null;
                    }
                    Object d = a.length > 2 ? a[2] : ",";
                    if (d == null || d instanceof MultiValue) {
                        return null;
                    }
                    List<Object> left = Values.elements(a[0]);
                    List<Object> right = Values.elements(a[1]);
                    List<Object> out = new ArrayList<>();
                    for (int i = 0; i < Math.max(left.size(), right.size()); i++) {
                        if (i < left.size() && i < right.size()) {
                            out.add(left.get(i) + (String) d + right.get(i));
                        } else {
                            out.add(i < left.size() ? left.get(i) : right.get(i));
                        }
                    }
                    return Values.of(out);
                },
                true,
                true);
    }
}
