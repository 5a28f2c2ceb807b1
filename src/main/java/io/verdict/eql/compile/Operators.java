package io.verdict.eql.compile;

import io.verdict.eql.ast.Expr.ArithmeticOp;
import io.verdict.event.Dates;
import io.verdict.event.FieldValues;
import java.math.BigInteger;
import java.time.Instant;

/** Value-level operators with Elasticsearch's script semantics: null in, null out. */
final class Operators {

    private Operators() {}

    /**
     * {@code a <=> b} for two non-null values, or null when they cannot be ordered against each other. Numbers
     * compare exactly, strings by code unit, dates as instants (a string or number is read as a date when the
     * other side is one).
     */
    static Integer compare(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return FieldValues.compareNumbers(x, y);
        }
        if (a instanceof String x && b instanceof String y) {
            return x.compareTo(y);
        }
        if (a instanceof Boolean x && b instanceof Boolean y) {
            return Boolean.compare(x, y);
        }
        if (a instanceof Instant || b instanceof Instant) {
            Instant x = asInstant(a);
            Instant y = asInstant(b);
            return x == null || y == null ? null : x.compareTo(y);
        }
        // mixed kinds: a keyword field's value against a number literal is compared as text, as a term would be
        if (a instanceof String || b instanceof String) {
            return text(a).compareTo(text(b));
        }
        return null;
    }

    static Instant asInstant(Object v) {
        if (v instanceof Instant i) {
            return i;
        }
        if (v instanceof String s) {
            return Dates.parse(s);
        }
        if (v instanceof Number n) {
            return FieldValues.isIntegral(n)
                    ? Instant.ofEpochMilli(n.longValue())
                    : Dates.ofEpochMillis(n.doubleValue());
        }
        return null;
    }

    /** A value's text, as {@code string()} and {@code concat()} render it. */
    static String text(Object v) {
        if (v instanceof String s) {
            return s;
        }
        return String.valueOf(v);
    }

    static Object arithmetic(ArithmeticOp op, Object a, Object b) {
        if (!(a instanceof Number x) || !(b instanceof Number y)) {
            return null;
        }
        if (FieldValues.isIntegral(x)
                && FieldValues.isIntegral(y)
                && !(x instanceof BigInteger)
                && !(y instanceof BigInteger)) {
            long l = x.longValue();
            long r = y.longValue();
            try {
                return switch (op) {
                    case ADD -> Math.addExact(l, r);
                    case SUBTRACT -> Math.subtractExact(l, r);
                    case MULTIPLY -> Math.multiplyExact(l, r);
                    case DIVIDE -> r == 0 ? null : (Object) (l / r);
                    case MODULO -> r == 0 ? null : (Object) (l % r);
                };
            } catch (ArithmeticException overflow) {
                return null;
            }
        }
        double l = x.doubleValue();
        double r = y.doubleValue();
        return switch (op) {
            case ADD -> l + r;
            case SUBTRACT -> l - r;
            case MULTIPLY -> l * r;
            case DIVIDE -> r == 0 ? null : (Object) (l / r);
            case MODULO -> r == 0 ? null : (Object) (l % r);
        };
    }

    static Object negate(Object v) {
        if (v instanceof Long l) {
            return l == Long.MIN_VALUE ? null : -l;
        }
        if (v instanceof Double d) {
            return -d;
        }
        if (v instanceof BigInteger b) {
            return b.negate();
        }
        return null;
    }

    /** Three-valued {@code and}: false wins, then null. Anything but a Boolean counts as null. */
    static Boolean and(Object a, Object b) {
        if (Boolean.FALSE.equals(a) || Boolean.FALSE.equals(b)) {
            return Boolean.FALSE;
        }
        return Boolean.TRUE.equals(a) && Boolean.TRUE.equals(b) ? Boolean.TRUE : null;
    }

    /** Three-valued {@code or}: true wins, then null. */
    static Boolean or(Object a, Object b) {
        if (Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b)) {
            return Boolean.TRUE;
        }
        return Boolean.FALSE.equals(a) && Boolean.FALSE.equals(b) ? Boolean.FALSE : null;
    }

    static Boolean not(Object a) {
        return a instanceof Boolean b ? !b : null;
    }
}
