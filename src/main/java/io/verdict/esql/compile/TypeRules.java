package io.verdict.esql.compile;

import io.verdict.esql.run.Widen;
import io.verdict.esql.value.DataType;
import io.verdict.esql.value.Ip;
import io.verdict.event.Dates;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** ES|QL's implicit conversions: numeric widening, string literals read as the other operand's type. */
final class TypeRules {

    private TypeRules() {}

    /** The wider of two numeric types (integer < long < double). */
    static DataType wider(DataType a, DataType b) {
        if (a == DataType.DOUBLE || b == DataType.DOUBLE) {
            return DataType.DOUBLE;
        }
        if (a == DataType.LONG || b == DataType.LONG) {
            return DataType.LONG;
        }
        return DataType.INTEGER;
    }

    /** {@code t} as a value of the numeric type {@code to}, at least as wide as its own. */
    static Typed widen(Typed t, DataType to) {
        if (t.type() == to || !t.type().numeric()) {
            return t;
        }
        if (t.isConstant()) {
            return Typed.constant(to, Widen.widen(t.constant(), to));
        }
        return Typed.computed(to, new Widen(t.evaluator(), to));
    }

    /** Whether a string literal may stand for a value of {@code type} in a comparison or {@code IN}. */
    static boolean castsFromString(DataType type) {
        return type == DataType.DATETIME || type == DataType.IP || type == DataType.BOOLEAN || type.numeric();
    }

    /**
     * The string {@code text} read as a value of {@code type}.
     *
     * @throws IllegalArgumentException when it is not one
     */
    static Typed fromString(String text, DataType type) {
        String s = text.trim();
        switch (type) {
            case DATETIME -> {
                Instant t = Dates.parse(s);
                if (t == null) {
                    throw new IllegalArgumentException("cannot parse [" + text + "] as a date");
                }
                return Typed.constant(type, t.truncatedTo(ChronoUnit.MILLIS));
            }
            case IP -> {
                return Typed.constant(type, Ip.parse(s));
            }
            case BOOLEAN -> {
                String lower = s.toLowerCase(Locale.ROOT);
                if (!lower.equals("true") && !lower.equals("false")) {
                    throw new IllegalArgumentException("cannot parse [" + text + "] as a boolean");
                }
                return Typed.constant(type, Boolean.parseBoolean(lower));
            }
            default -> {
                try {
                    long l = Long.parseLong(s);
                    return l == (int) l ? Typed.constant(DataType.INTEGER, (int) l) : Typed.constant(DataType.LONG, l);
                } catch (NumberFormatException e) {
                    try {
                        return Typed.constant(DataType.DOUBLE, Double.parseDouble(s));
                    } catch (NumberFormatException e2) {
                        throw new IllegalArgumentException("cannot parse [" + text + "] as a number");
                    }
                }
            }
        }
    }

    /** Whether values of the two types compare with each other directly. */
    static boolean comparable(DataType a, DataType b) {
        return a == b || a.numeric() && b.numeric() || a.string() && b.string();
    }

    /** The name of the function {@code x::type} stands for; null for a type there is no conversion to. */
    static String conversion(DataType target) {
        return switch (target) {
            case BOOLEAN -> "TO_BOOLEAN";
            case INTEGER -> "TO_INTEGER";
            case LONG -> "TO_LONG";
            case DOUBLE -> "TO_DOUBLE";
            case KEYWORD, TEXT -> "TO_STRING";
            case DATETIME -> "TO_DATETIME";
            case IP -> "TO_IP";
            case GEO_POINT -> "TO_GEOPOINT";
            default -> null;
        };
    }

    /** The type of a value that may be either: numbers widen, keyword and text are keyword, null gives way. */
    static DataType common(DataType a, DataType b) {
        if (a == DataType.NULL) {
            return b;
        }
        if (b == DataType.NULL || a == b) {
            return a;
        }
        if (a.numeric() && b.numeric()) {
            return wider(a, b);
        }
        if (a.string() && b.string()) {
            return DataType.KEYWORD;
        }
        return null;
    }
}
