package io.verdict.esql.function;

import io.verdict.esql.value.DataType;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.Locale;

/**
 * The date functions, in UTC: {@code DATE_TRUNC}, {@code DATE_DIFF}, {@code DATE_PARSE}, {@code DATE_FORMAT},
 * {@code DATE_EXTRACT}. A date argument may be a string, read as {@code strict_date_optional_time}, as ES casts
 * string literals. {@code NOW()} is the evaluator's: it is one constant per run.
 */
final class DateFunctions {

    static final Scalar.Param DATE = new Scalar.Param("datetime", t -> t == DataType.DATETIME || t.string());
    private static final Scalar.Param SPAN = new Scalar.Param(
            "dateperiod or timeduration", t -> t == DataType.DATE_PERIOD || t == DataType.TIME_DURATION || t.string());
    private static final DateTimeFormatter DEFAULT_FORMAT = DateTimeFormatter.ofPattern(
                    "uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private DateFunctions() {}

    static List<ScalarFunction> all() {
        return List.of(
                new Scalar("DATE_TRUNC", DateFunctions::trunc),
                new Scalar("DATE_DIFF", DateFunctions::diff),
                new Scalar("DATE_PARSE", DateFunctions::parse),
                new Scalar("DATE_FORMAT", DateFunctions::format),
                new Scalar("DATE_EXTRACT", DateFunctions::extract));
    }

    /** A date as ES prints it: {@code 2023-10-23T12:15:03.360Z}, always with milliseconds. */
    static String format(Instant t) {
        return DEFAULT_FORMAT.format(t);
    }

    /**
     * Checks that the string arguments at {@code positions} are constants: ES casts a string literal where a date
     * is wanted, not a string column. A constant that is not a date is a verification error.
     */
    static void literalDates(List<DataType> types, List<Object> constants, int... positions) {
        for (int i : positions) {
            if (types.get(i).string()) {
                if (!Arguments.constant(constants, i)) {
                    throw new ArgumentTypeException(i, "datetime", types.get(i), types.size() == 1);
                }
                Conversions.parseDatetime((String) constants.get(i));
            }
        }
    }

    /** A date argument: a datetime, or a string cast to one. */
    static Instant instant(Object v) {
        return v instanceof Instant t ? t : Conversions.parseDatetime((String) v);
    }

    private static ScalarFunction.Bound trunc(List<DataType> types, List<Object> constants) {
        Scalar.check("DATE_TRUNC", types, 2, SPAN, DATE);
        literalDates(types, constants, 1);
        if (Arguments.constant(constants, 0)) {
            Truncation.Rounding rounding = rounding(constants.get(0));
            return ScalarFunction.Bound.of(DataType.DATETIME, a -> rounding.round(instant(a[1])));
        }
        return ScalarFunction.Bound.of(DataType.DATETIME, a -> rounding(a[0]).round(instant(a[1])));
    }

    static Truncation.Rounding rounding(Object span) {
        return Truncation.of(span instanceof String s ? Truncation.parseSpan(s) : span);
    }

    private static ScalarFunction.Bound diff(List<DataType> types, List<Object> constants) {
        Scalar.check("DATE_DIFF", types, 3, Scalar.STRING, DATE, DATE);
        literalDates(types, constants, 1, 2);
        if (Arguments.constant(constants, 0)) {
            String unit = Truncation.diffUnit((String) constants.get(0));
            return ScalarFunction.Bound.of(
                    DataType.INTEGER, a -> integer(Truncation.between(unit, instant(a[1]), instant(a[2]))));
        }
        return ScalarFunction.Bound.of(
                DataType.INTEGER, a -> integer(Truncation.between((String) a[0], instant(a[1]), instant(a[2]))));
    }

    private static int integer(long n) {
        if (n > Integer.MAX_VALUE || n < Integer.MIN_VALUE) {
            throw InvalidArgumentException.outOfRange(n, "integer");
        }
        return (int) n;
    }

    /** A formatter of a Java time pattern as ES reads it: English names, UTC, missing fields at their start. */
    static DateTimeFormatter formatter(String pattern) {
        try {
            return new DateTimeFormatterBuilder()
                    .appendPattern(pattern)
                    .parseDefaulting(ChronoField.MONTH_OF_YEAR, 1)
                    .parseDefaulting(ChronoField.DAY_OF_MONTH, 1)
                    .parseDefaulting(ChronoField.HOUR_OF_DAY, 0)
                    .parseDefaulting(ChronoField.MINUTE_OF_HOUR, 0)
                    .parseDefaulting(ChronoField.SECOND_OF_MINUTE, 0)
                    .toFormatter(Locale.ENGLISH)
                    .withZone(ZoneOffset.UTC);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid format: [" + pattern + "]: " + e.getMessage(), e);
        }
    }

    private static ScalarFunction.Bound parse(List<DataType> types, List<Object> constants) {
        Scalar.check("DATE_PARSE", types, 1, Scalar.STRING, Scalar.STRING);
        if (types.size() == 1) {
            return ScalarFunction.Bound.of(DataType.DATETIME, a -> Conversions.parseDatetime((String) a[0]));
        }
        if (Arguments.constant(constants, 0)) {
            String pattern = (String) constants.get(0);
            DateTimeFormatter f = formatter(pattern);
            return ScalarFunction.Bound.of(DataType.DATETIME, a -> parsed(f, pattern, (String) a[1]));
        }
        return ScalarFunction.Bound.of(
                DataType.DATETIME, a -> parsed(formatter((String) a[0]), (String) a[0], (String) a[1]));
    }

    private static Instant parsed(DateTimeFormatter f, String pattern, String text) {
        try {
            TemporalAccessor parsed = f.parse(text);
            return Instant.from(parsed);
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException(
                    "failed to parse date field [" + text + "] with format [" + pattern + "]", e);
        }
    }

    private static ScalarFunction.Bound format(List<DataType> types, List<Object> constants) {
        if (types.size() == 1) {
            Scalar.check("DATE_FORMAT", types, 1, DATE);
            literalDates(types, constants, 0);
            return ScalarFunction.Bound.of(DataType.KEYWORD, a -> DEFAULT_FORMAT.format(instant(a[0])));
        }
        Scalar.check("DATE_FORMAT", types, 2, Scalar.STRING, DATE);
        literalDates(types, constants, 1);
        if (Arguments.constant(constants, 0)) {
            DateTimeFormatter f = formatter((String) constants.get(0));
            return ScalarFunction.Bound.of(DataType.KEYWORD, a -> f.format(instant(a[1])));
        }
        return ScalarFunction.Bound.of(
                DataType.KEYWORD, a -> formatter((String) a[0]).format(instant(a[1])));
    }

    private static ScalarFunction.Bound extract(List<DataType> types, List<Object> constants) {
        Scalar.check("DATE_EXTRACT", types, 2, Scalar.STRING, DATE);
        literalDates(types, constants, 1);
        if (Arguments.constant(constants, 0)) {
            ChronoField field = field((String) constants.get(0));
            return ScalarFunction.Bound.of(
                    DataType.LONG, a -> instant(a[1]).atZone(ZoneOffset.UTC).getLong(field));
        }
        return ScalarFunction.Bound.of(
                DataType.LONG, a -> instant(a[1]).atZone(ZoneOffset.UTC).getLong(field((String) a[0])));
    }

    private static ChronoField field(String name) {
        try {
            return ChronoField.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "No enum constant java.time.temporal.ChronoField." + name.toUpperCase(Locale.ROOT));
        }
    }
}
