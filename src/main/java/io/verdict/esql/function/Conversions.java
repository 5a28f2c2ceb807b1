package io.verdict.esql.function;

import io.verdict.esql.value.DataType;
import io.verdict.esql.value.GeoPoint;
import io.verdict.esql.value.MultiValue;
import io.verdict.event.Dates;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The {@code TO_*} conversions (and the cast operator {@code ::}, which the evaluator binds to them by target type).
 * They map each element of a multivalue; an element that does not convert is dropped with a warning
 * ({@link FailedElements}).
 */
final class Conversions {

    private Conversions() {}

    static List<ScalarFunction> all() {
        return List.of(
                conversion("TO_STRING", DataType.KEYWORD, Arguments.ANY, "any type", t -> Conversions::string),
                conversion(
                        "TO_LONG",
                        DataType.LONG,
                        Conversions::numberLike,
                        "boolean or datetime or numeric or string",
                        t -> Conversions::toLong),
                conversion(
                        "TO_INTEGER",
                        DataType.INTEGER,
                        Conversions::numberLike,
                        "boolean or datetime or numeric or string",
                        t -> Conversions::toInteger),
                conversion(
                        "TO_DOUBLE",
                        DataType.DOUBLE,
                        Conversions::numberLike,
                        "boolean or datetime or numeric or string",
                        t -> Conversions::toDouble),
                conversion(
                        "TO_BOOLEAN",
                        DataType.BOOLEAN,
                        Conversions::numberLike,
                        "boolean or numeric or string",
                        t -> Conversions::toBoolean),
                conversion(
                        "TO_DATETIME",
                        DataType.DATETIME,
                        Conversions::numberLike,
                        "datetime or numeric or string",
                        t -> Conversions::toDatetime),
                conversion(
                        "TO_GEOPOINT",
                        DataType.GEO_POINT,
                        t -> t.string() || t == DataType.GEO_POINT,
                        "geo_point or string",
                        t -> Conversions::toGeoPoint));
    }

    private static boolean numberLike(DataType t) {
        return t.numeric() || t.string() || t == DataType.BOOLEAN || t == DataType.DATETIME;
    }

    private static Scalar conversion(
            String name,
            DataType result,
            java.util.function.Predicate<DataType> accepted,
            String expected,
            Function<DataType, Function<Object, Object>> converter) {
        return new Scalar(name, (types, constants) -> {
            Scalar.check(name, types, 1, new Scalar.Param(expected, accepted));
            Function<Object, Object> each = converter.apply(types.get(0));
            return new ScalarFunction.Bound(result, a -> eachElement(a[0], each), true, false);
        });
    }

    /** Converts every element; the failing ones are dropped and reported together after the rest converted. */
    static Object eachElement(Object value, Function<Object, Object> each) {
        if (!(value instanceof MultiValue mv)) {
            return each.apply(value);
        }
        List<Object> out = new ArrayList<>(mv.size());
        List<RuntimeException> failures = null;
        for (Object e : mv.elements()) {
            try {
                out.add(each.apply(e));
            } catch (RuntimeException failure) {
                if (failures == null) {
                    failures = new ArrayList<>();
                }
                failures.add(failure);
            }
        }
        Object converted = io.verdict.esql.value.Values.of(out);
        if (failures != null) {
            throw new FailedElements(converted, failures);
        }
        return converted;
    }

    /** A value as {@code TO_STRING} writes it. */
    static String string(Object v) {
        if (v instanceof Instant t) {
            return datetime(t);
        }
        return v.toString();
    }

    /** A date as ES prints it: {@code 2023-10-23T12:15:03.360Z}, always with milliseconds. */
    static String datetime(Instant t) {
        return DateFunctions.format(t);
    }

    static long toLong(Object v) {
        if (v instanceof Double d) {
            return roundToLong(d);
        }
        if (v instanceof Number n) {
            return n.longValue();
        }
        if (v instanceof Boolean b) {
            return b ? 1L : 0L;
        }
        if (v instanceof Instant t) {
            return t.toEpochMilli();
        }
        String s = (String) v;
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            try {
                return roundToLong(Double.parseDouble(s));
            } catch (RuntimeException notADouble) {
                throw e;
            }
        }
    }

    static int toInteger(Object v) {
        if (v instanceof Integer i) {
            return i;
        }
        if (v instanceof String s) {
            try {
                return Integer.parseInt(s);
            } catch (NumberFormatException e) {
                try {
                    return intOf(roundToLong(Double.parseDouble(s)));
                } catch (RuntimeException notADouble) {
                    throw e;
                }
            }
        }
        return intOf(toLong(v));
    }

    private static int intOf(long l) {
        if (l > Integer.MAX_VALUE || l < Integer.MIN_VALUE) {
            throw InvalidArgumentException.outOfRange(l, "integer");
        }
        return (int) l;
    }

    /** A double rounded to the nearest long, as ES converts it; out of range is an error. */
    static long roundToLong(double d) {
        if (d > Long.MAX_VALUE || d < Long.MIN_VALUE || Double.isNaN(d)) {
            throw InvalidArgumentException.outOfRange(d, "long");
        }
        return Math.round(d);
    }

    static double toDouble(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof Boolean b) {
            return b ? 1.0 : 0.0;
        }
        if (v instanceof Instant t) {
            return t.toEpochMilli();
        }
        return Double.parseDouble((String) v);
    }

    static boolean toBoolean(Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s) {
            return s.toLowerCase(Locale.ROOT).equals("true");
        }
        if (v instanceof Instant t) {
            return t.toEpochMilli() != 0;
        }
        return ((Number) v).doubleValue() != 0;
    }

    static Instant toDatetime(Object v) {
        if (v instanceof Instant t) {
            return t;
        }
        if (v instanceof String s) {
            return parseDatetime(s);
        }
        return Instant.ofEpochMilli(toLong(v));
    }

    /** A date in {@code strict_date_optional_time} (no epoch millis), UTC when no offset is given. */
    static Instant parseDatetime(String s) {
        boolean digits = !s.isEmpty() && s.chars().allMatch(Character::isDigit);
        Instant t = digits && s.length() != 4 ? null : Dates.parse(s);
        if (t == null || !s.equals(s.trim())) {
            throw new IllegalArgumentException(
                    "failed to parse date field [" + s + "] with format [strict_date_optional_time]");
        }
        return t.truncatedTo(ChronoUnit.MILLIS);
    }

    /** {@code POINT(lon lat)} in WKT, longitude first. */
    static GeoPoint toGeoPoint(Object v) {
        if (v instanceof GeoPoint p) {
            return p;
        }
        String s = ((String) v).trim();
        String upper = s.toUpperCase(Locale.ROOT);
        if (!upper.startsWith("POINT") || !s.endsWith(")") || s.indexOf('(') < 0) {
            throw new IllegalArgumentException("Failed to parse WKT: expected POINT but found: " + s);
        }
        String[] coordinates =
                s.substring(s.indexOf('(') + 1, s.length() - 1).trim().split("\\s+");
        if (coordinates.length != 2) {
            throw new IllegalArgumentException("Failed to parse WKT: expected two coordinates in " + s);
        }
        return new GeoPoint(Double.parseDouble(coordinates[0]), Double.parseDouble(coordinates[1]));
    }
}
