package io.verdict.esql.function;

import io.verdict.esql.value.DataType;
import io.verdict.esql.value.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** The {@code MV_*} functions that reduce or reorder one multivalue; a null argument gives null. */
final class MvFunctions {

    private MvFunctions() {}

    static List<ScalarFunction> all() {
        return List.of(
                reducer("MV_FIRST", Arguments.ANY, "any type", t -> t, e -> e.get(0)),
                reducer("MV_LAST", Arguments.ANY, "any type", t -> t, e -> e.get(e.size() - 1)),
                reducer(
                        "MV_MIN",
                        Arguments.ORDERED,
                        "representable except unsigned_long and spatial types",
                        t -> t,
                        e -> e.stream().min(ValueOrder.ASCENDING).orElseThrow()),
                reducer(
                        "MV_MAX",
                        Arguments.ORDERED,
                        "representable except unsigned_long and spatial types",
                        t -> t,
                        e -> e.stream().max(ValueOrder.ASCENDING).orElseThrow()),
                reducer("MV_COUNT", Arguments.ANY, "any type except counter types", t -> DataType.INTEGER, List::size),
                reducer("MV_SUM", Arguments.NUMERIC, "numeric", t -> t, MvFunctions::sum),
                reducer("MV_AVG", Arguments.NUMERIC, "numeric", t -> DataType.DOUBLE, MvFunctions::average),
                reducer("MV_MEDIAN", Arguments.NUMERIC, "numeric", t -> t, MvFunctions::median),
                new Scalar("MV_CONCAT", MvFunctions::concat),
                new Scalar("MV_SLICE", MvFunctions::slice),
                new Scalar("MV_SORT", MvFunctions::sort));
    }

    /** A function of one multivalue argument computed from its elements (of which there is at least one). */
    private static Scalar reducer(
            String name,
            java.util.function.Predicate<DataType> accepted,
            String expected,
            Function<DataType, DataType> result,
            Function<List<Object>, Object> of) {
        return new Scalar(name, (types, constants) -> {
            Scalar.check(name, types, 1, new Scalar.Param(expected, accepted));
            return new ScalarFunction.Bound(
                    result.apply(types.get(0)), a -> of.apply(Values.elements(a[0])), true, false);
        });
    }

    private static Object sum(List<Object> elements) {
        Object first = elements.get(0);
        if (first instanceof Integer) {
            int sum = 0;
            for (Object e : elements) {
                sum = Math.addExact(sum, (Integer) e);
            }
            return sum;
        }
        if (first instanceof Long) {
            long sum = 0;
            for (Object e : elements) {
                sum = Math.addExact(sum, (Long) e);
            }
            return sum;
        }
        return kahan(elements);
    }

    private static double kahan(List<Object> elements) {
        double sum = 0;
        double compensation = 0;
        for (Object e : elements) {
            double y = ((Number) e).doubleValue() - compensation;
            double t = sum + y;
            compensation = (t - sum) - y;
            sum = t;
        }
        return sum;
    }

    private static Object average(List<Object> elements) {
        return kahan(elements) / elements.size();
    }

    /** The middle element; for an even count the mean of the two middle ones, rounded down for whole numbers. */
    private static Object median(List<Object> elements) {
        Object first = elements.get(0);
        int n = elements.size();
        if (first instanceof Double) {
            double[] sorted =
                    elements.stream().mapToDouble(e -> (Double) e).sorted().toArray();
            return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        }
        long[] sorted = elements.stream()
                .mapToLong(e -> ((Number) e).longValue())
                .sorted()
                .toArray();
        long median;
        if (n % 2 == 1) {
            median = sorted[n / 2];
        } else {
            long a = sorted[n / 2 - 1];
            long b = sorted[n / 2];
            median = (a >> 1) + (b >> 1) + (a & b & 1);
        }
        return first instanceof Integer ? (Object) (int) median : (Object) median;
    }

    private static ScalarFunction.Bound concat(List<DataType> types, List<Object> constants) {
        Scalar.check("MV_CONCAT", types, 2, Scalar.STRING, Scalar.STRING);
        return new ScalarFunction.Bound(
                DataType.KEYWORD,
                a -> {
                    if (a[1] instanceof io.verdict.esql.value.MultiValue) {
                        throw new IllegalArgumentException("single-value function encountered multi-value");
                    }
                    List<Object> elements = Values.elements(a[0]);
                    StringBuilder out = new StringBuilder();
                    for (int i = 0; i < elements.size(); i++) {
                        if (i > 0) {
                            out.append((String) a[1]);
                        }
                        out.append((String) elements.get(i));
                    }
                    return out.toString();
                },
                true,
                false);
    }

    /** {@code MV_SLICE(x, start[, end])}: 0-based, inclusive, negative positions count from the end. */
    private static ScalarFunction.Bound slice(List<DataType> types, List<Object> constants) {
        Scalar.check("MV_SLICE", types, 2, new Scalar.Param("any type", Arguments.ANY), Scalar.INTEGER, Scalar.INTEGER);
        if (Arguments.constant(constants, 1) && types.size() == 3 && Arguments.constant(constants, 2)) {
            checkOffsets(((Number) constants.get(1)).intValue(), ((Number) constants.get(2)).intValue());
        }
        return new ScalarFunction.Bound(
                types.get(0),
                a -> {
                    if (a[1] instanceof io.verdict.esql.value.MultiValue
                            || a.length > 2 && a[2] instanceof io.verdict.esql.value.MultiValue) {
                        throw new IllegalArgumentException("single-value function encountered multi-value");
                    }
                    List<Object> e = Values.elements(a[0]);
                    int n = e.size();
                    int start = ((Number) a[1]).intValue();
                    int end = a.length > 2 ? ((Number) a[2]).intValue() : start;
                    checkOffsets(start, end);
                    int from = Math.max(0, start < 0 ? start + n : start);
                    int to = Math.min(Math.max(0, end < 0 ? end + n : end), n - 1);
                    if (from >= n || to < from) {
                        return null;
                    }
                    return Values.of(e.subList(from, to + 1));
                },
                true,
                false);
    }

    private static void checkOffsets(int start, int end) {
        if (start > end) {
            throw new InvalidArgumentException("Start offset is greater than end offset");
        }
        if (start < 0 && end >= 0) {
            throw new InvalidArgumentException("Start and end offset have different signs");
        }
    }

    private static ScalarFunction.Bound sort(List<DataType> types, List<Object> constants) {
        Scalar.check(
                "MV_SORT",
                types,
                1,
                new Scalar.Param("boolean, date, ip, string or numeric", Arguments.ORDERED),
                Scalar.STRING);
        boolean descending = false;
        if (types.size() == 2 && Arguments.constant(constants, 1)) {
            String order = ((String) constants.get(1)).toUpperCase(Locale.ROOT);
            if (!order.equals("ASC") && !order.equals("DESC")) {
                throw new IllegalArgumentException("Invalid order value in [{call}], expected one of [ASC, DESC] "
                        + "but got [" + constants.get(1) + "]");
            }
            descending = order.equals("DESC");
        }
        boolean down = descending;
        return new ScalarFunction.Bound(
                types.get(0),
                a -> {
                    List<Object> sorted = new ArrayList<>(Values.elements(a[0]));
                    sorted.sort(down ? ValueOrder.ASCENDING.reversed() : ValueOrder.ASCENDING);
                    return Values.of(sorted);
                },
                true,
                false);
    }
}
