package io.verdict.esql.function;

import io.verdict.esql.value.DataType;
import io.verdict.esql.value.Values;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/** The math functions; a result that is not a finite double is an {@link ArithmeticException}, as in ES. */
final class MathFunctions {

    private MathFunctions() {}

    static List<ScalarFunction> all() {
        List<ScalarFunction> all = new ArrayList<>(List.of(
                sameType("ABS", Math::abs, Math::abs, Math::abs),
                sameType("CEIL", i -> i, l -> l, Math::ceil),
                sameType("FLOOR", i -> i, l -> l, Math::floor),
                new Scalar("ROUND", MathFunctions::round),
                Scalar.of(
                        "POW",
                        DataType.DOUBLE,
                        a -> finite(Math.pow(d(a[0]), d(a[1]))),
                        Scalar.NUMERIC,
                        Scalar.NUMERIC),
                Scalar.of("LOG", DataType.DOUBLE, 1, MathFunctions::log, Scalar.NUMERIC, Scalar.NUMERIC),
                Scalar.of(
                        "LOG10",
                        DataType.DOUBLE,
                        a -> {
                            double x = d(a[0]);
                            if (x <= 0) {
                                throw new ArithmeticException("Log of non-positive number");
                            }
                            return Math.log10(x);
                        },
                        Scalar.NUMERIC),
                Scalar.of(
                        "SQRT",
                        DataType.DOUBLE,
                        a -> {
                            double x = d(a[0]);
                            if (x < 0) {
                                throw new ArithmeticException("Square root of negative");
                            }
                            return Math.sqrt(x);
                        },
                        Scalar.NUMERIC),
                Scalar.of(
                        "HYPOT",
                        DataType.DOUBLE,
                        a -> finite(Math.hypot(d(a[0]), d(a[1]))),
                        Scalar.NUMERIC,
                        Scalar.NUMERIC),
                Scalar.of("ATAN2", DataType.DOUBLE, a -> Math.atan2(d(a[0]), d(a[1])), Scalar.NUMERIC, Scalar.NUMERIC),
                constant("PI", Math.PI),
                constant("E", Math.E),
                constant("TAU", 2 * Math.PI),
                extreme("GREATEST", 1),
                extreme("LEAST", -1)));
        all.add(toDouble("CBRT", Math::cbrt));
        all.add(toDouble("EXP", x -> finite(Math.exp(x))));
        all.add(toDouble("SIGNUM", Math::signum));
        all.add(toDouble("SIN", Math::sin));
        all.add(toDouble("COS", Math::cos));
        all.add(toDouble("TAN", Math::tan));
        all.add(toDouble("ASIN", x -> inUnitRange("Asin", x, Math::asin)));
        all.add(toDouble("ACOS", x -> inUnitRange("Acos", x, Math::acos)));
        all.add(toDouble("ATAN", Math::atan));
        all.add(toDouble("SINH", x -> finite(Math.sinh(x), "sinh overflow")));
        all.add(toDouble("COSH", x -> finite(Math.cosh(x), "cosh overflow")));
        all.add(toDouble("TANH", Math::tanh));
        // The angle conversions are conversions: they map each element of a multivalue.
        all.add(Scalar.elementWise("TO_RADIANS", DataType.DOUBLE, Scalar.NUMERIC, x -> Math.toRadians(d(x))));
        all.add(Scalar.elementWise("TO_DEGREES", DataType.DOUBLE, Scalar.NUMERIC, x -> finite(Math.toDegrees(d(x)))));
        return all;
    }

    static double d(Object n) {
        return ((Number) n).doubleValue();
    }

    static double finite(double x) {
        if (!Double.isFinite(x)) {
            throw new ArithmeticException("not a finite double number: " + x);
        }
        return x;
    }

    private static double finite(double x, String message) {
        if (!Double.isFinite(x)) {
            throw new ArithmeticException(message);
        }
        return x;
    }

    private static double inUnitRange(String name, double x, DoubleUnaryOperator f) {
        if (Math.abs(x) > 1) {
            throw new ArithmeticException(name + " input out of range");
        }
        return f.applyAsDouble(x);
    }

    private static Scalar toDouble(String name, DoubleUnaryOperator f) {
        return Scalar.of(name, DataType.DOUBLE, a -> f.applyAsDouble(d(a[0])), Scalar.NUMERIC);
    }

    private static Scalar constant(String name, double value) {
        return new Scalar(name, (types, constants) -> {
            Arguments.count(name, types, 0, 0);
            return ScalarFunction.Bound.of(DataType.DOUBLE, a -> value);
        });
    }

    /** A function whose result has its argument's numeric type. */
    private static Scalar sameType(
            String name,
            java.util.function.IntUnaryOperator ints,
            java.util.function.LongUnaryOperator longs,
            DoubleUnaryOperator doubles) {
        return new Scalar(name, (types, constants) -> {
            Scalar.check(name, types, 1, Scalar.NUMERIC);
            return ScalarFunction.Bound.of(types.get(0), a -> {
                if (a[0] instanceof Integer i) {
                    return ints.applyAsInt(i);
                }
                if (a[0] instanceof Long l) {
                    return longs.applyAsLong(l);
                }
                return doubles.applyAsDouble(d(a[0]));
            });
        });
    }

    private static Object log(Object[] a) {
        if (a.length == 1) {
            double x = d(a[0]);
            if (x <= 0) {
                throw new ArithmeticException("Log of non-positive number");
            }
            return Math.log(x);
        }
        double base = d(a[0]);
        double x = d(a[1]);
        if (base <= 0 || x <= 0) {
            throw new ArithmeticException("Log of non-positive number");
        }
        if (base == 1) {
            throw new ArithmeticException("Log of base 1");
        }
        return Math.log10(x) / Math.log10(base);
    }

    /** {@code ROUND(x[, decimals])}: half away from zero; whole numbers round to tens, hundreds ... */
    private static ScalarFunction.Bound round(List<DataType> types, List<Object> constants) {
        Scalar.check("ROUND", types, 1, Scalar.NUMERIC, Scalar.WHOLE);
        return ScalarFunction.Bound.of(types.get(0), a -> {
            long decimals = a.length > 1 ? ((Number) a[1]).longValue() : 0;
            if (a[0] instanceof Double x) {
                if (!Double.isFinite(x) || decimals > 400) {
                    return x;
                }
                if (decimals < -400) {
                    return 0.0;
                }
                return BigDecimal.valueOf(x)
                        .setScale((int) decimals, RoundingMode.HALF_UP)
                        .doubleValue();
            }
            long rounded = roundWhole(((Number) a[0]).longValue(), decimals);
            return a[0] instanceof Integer ? (Object) Math.toIntExact(rounded) : (Object) rounded;
        });
    }

    private static long roundWhole(long n, long decimals) {
        if (decimals >= 0) {
            return n;
        }
        if (decimals < -18) {
            return 0;
        }
        long ten = 1;
        for (long i = 0; i < -decimals; i++) {
            ten *= 10;
        }
        long middle = n / ten;
        long remainder = n % ten;
        if (remainder >= ten / 2 && remainder > 0) {
            middle++;
        } else if (remainder <= -ten / 2 && remainder < 0) {
            middle--;
        }
        return Math.multiplyExact(middle, ten);
    }

    /** {@code GREATEST}/{@code LEAST}: the largest/smallest element of all the arguments. */
    private static Scalar extreme(String name, int sign) {
        return new Scalar(name, (types, constants) -> {
            Arguments.count(name, types, 1, Integer.MAX_VALUE);
            for (int i = 0; i < types.size(); i++) {
                Arguments.check(types, i, "boolean, date, ip, string or numeric", Arguments.ORDERED);
            }
            DataType common = Arguments.common(types);
            DataType result = common == DataType.TEXT ? DataType.KEYWORD : common;
            return new ScalarFunction.Bound(
                    result,
                    a -> {
                        Object best = null;
                        for (Object arg : a) {
                            for (Object e : Values.elements(arg)) {
                                Object v = ValueOrder.widen(e, common);
                                if (best == null || ValueOrder.compare(v, best) * sign > 0) {
                                    best = v;
                                }
                            }
                        }
                        return best;
                    },
                    true,
                    false);
        });
    }
}
