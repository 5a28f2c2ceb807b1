package io.verdict.esql.parser;

import io.verdict.esql.ast.Expr;
import io.verdict.esql.value.DataType;
import io.verdict.esql.value.Values;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;

/** The values of ES|QL's literal syntax: numbers, time spans and arrays. */
final class Literals {

    /** What {@link #timeSpan} answers for a word that is no time unit. */
    static final Object UNKNOWN_UNIT = new Object();

    private static final BigInteger LONG_MIN_MAGNITUDE =
            BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE);

    private Literals() {}

    /** An Integer when the digits fit 32 bits, else a Long; null beyond a long (ES|QL's unsigned_long). */
    static Object integer(String digits) {
        BigInteger value = new BigInteger(digits);
        if (value.bitLength() < 32) {
            return value.intValue();
        }
        if (value.bitLength() < 64) {
            return value.longValue();
        }
        return null;
    }

    /** Whether the digits are 2^63, which is a long only after a minus sign. */
    static boolean isLongMinMagnitude(String digits) {
        return new BigInteger(digits).equals(LONG_MIN_MAGNITUDE);
    }

    static double decimal(TokenCursor in, EsqlToken token) {
        double value = Double.parseDouble(token.text());
        if (Double.isInfinite(value)) {
            throw in.error(token.start(), EsqlMessage.BAD_DECIMAL.format(token.text()));
        }
        return value;
    }

    /** Whether a sign may be folded into a literal of the type. */
    static boolean signable(DataType type) {
        return type.numeric() || type == DataType.TIME_DURATION || type == DataType.DATE_PERIOD;
    }

    /**
     * The negation of a number or time span literal; an int or long at its minimum stays itself, as its negation
     * overflows (ES|QL's folding would answer null with a warning there; no literal is written so).
     */
    static Object negate(Object value) {
        if (value instanceof Integer i) {
            return i == Integer.MIN_VALUE ? i : -i;
        }
        if (value instanceof Long l) {
            return l == Long.MIN_VALUE ? l : -l;
        }
        if (value instanceof Double d) {
            return -d;
        }
        if (value instanceof Duration d) {
            return d.negated();
        }
        if (value instanceof Period p) {
            return p.negated();
        }
        return value;
    }

    /**
     * {@code amount unit} as ES|QL reads it: milliseconds to hours are a fixed {@link Duration} (TIME_DURATION),
     * days to years a calendar {@link Period} (DATE_PERIOD), as in ES's {@code EsqlDataTypeConverter}. Null when the
     * amount does not fit; {@link #UNKNOWN_UNIT} when the word is no unit.
     */
    static Object timeSpan(String digits, String unit) {
        long amount;
        try {
            amount = Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return null;
        }
        try {
            return switch (unit) {
                case "ms", "millisecond", "milliseconds" -> Duration.ofMillis(amount);
                case "s", "sec", "second", "seconds" -> Duration.ofSeconds(amount);
                case "m", "min", "minute", "minutes" -> Duration.ofMinutes(amount);
                case "h", "hour", "hours" -> Duration.ofHours(amount);
                case "d", "day", "days" -> Period.ofDays(Math.toIntExact(amount));
                case "w", "week", "weeks" -> Period.ofWeeks(Math.toIntExact(amount));
                case "mo", "month", "months" -> Period.ofMonths(Math.toIntExact(amount));
                case "q", "quarter", "quarters" -> Period.ofMonths(Math.toIntExact(Math.multiplyExact(3L, amount)));
                case "y", "yr", "year", "years" -> Period.ofYears(Math.toIntExact(amount));
                default -> UNKNOWN_UNIT;
            };
        } catch (ArithmeticException e) {
            return null;
        }
    }

    /**
     * An array literal: its elements' values as one value ({@link Values#of}: none is null, one is itself), typed as
     * the widest element (integers widen to long, then double), never mixing numbers, strings and booleans.
     */
    static Expr.Literal array(TokenCursor in, int start, int end, List<Expr.Literal> elements) {
        DataType type = DataType.NULL;
        Expr.Literal previous = null;
        for (Expr.Literal element : elements) {
            DataType t = element.type();
            if (t == DataType.NULL || t == DataType.TIME_DURATION || t == DataType.DATE_PERIOD) {
                throw in.error(
                        element.offset(),
                        EsqlMessage.EXPECTED.format(
                                "a number, a string or a boolean in the array",
                                "'" + in.text().substring(element.offset(), element.end()) + "'"));
            }
            if (type != DataType.NULL && kind(type) != kind(t)) {
                throw in.error(
                        element.offset(),
                        EsqlMessage.MIXED_ARRAY.format(
                                "'" + in.text().substring(element.offset(), element.end()) + "'",
                                "'" + in.text().substring(previous.offset(), previous.end()) + "'"));
            }
            type = type == DataType.NULL ? t : wider(type, t);
            previous = element;
        }
        List<Object> values = new ArrayList<>(elements.size());
        for (Expr.Literal element : elements) {
            values.add(widen(element.value(), type));
        }
        Object value = Values.of(values);
        return new Expr.Literal(start, end, value, value == null ? DataType.NULL : type);
    }

    private static int kind(DataType type) {
        return type.numeric() ? 0 : type == DataType.BOOLEAN ? 1 : 2;
    }

    private static DataType wider(DataType a, DataType b) {
        if (a == DataType.DOUBLE || b == DataType.DOUBLE) {
            return DataType.DOUBLE;
        }
        if (a == DataType.LONG || b == DataType.LONG) {
            return DataType.LONG;
        }
        return a;
    }

    private static Object widen(Object value, DataType type) {
        if (type == DataType.DOUBLE && value instanceof Number n) {
            return n.doubleValue();
        }
        if (type == DataType.LONG && value instanceof Integer i) {
            return i.longValue();
        }
        return value;
    }
}
