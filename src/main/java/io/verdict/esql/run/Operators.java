package io.verdict.esql.run;

import io.verdict.esql.ast.Expr.BinaryOp;
import io.verdict.esql.function.ScalarFunction.Body;
import io.verdict.esql.value.DataType;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAmount;

/**
 * The bodies of ES|QL's arithmetic and comparison operators for operands already of one type: overflow and
 * division by zero throw the {@link ArithmeticException} ES names in its warning.
 */
public final class Operators {

    private Operators() {}

    /** {@code + - * / %} on two numbers of {@code type}. */
    public static Body arithmetic(BinaryOp op, DataType type) {
        return switch (type) {
            case INTEGER -> a -> ints(op, (Integer) a[0], (Integer) a[1]);
            case LONG -> a -> longs(op, (Long) a[0], (Long) a[1]);
            default -> a -> doubles(op, (Double) a[0], (Double) a[1]);
        };
    }

    private static Integer ints(BinaryOp op, int x, int y) {
        return switch (op) {
            case ADD -> Math.addExact(x, y);
            case SUB -> Math.subtractExact(x, y);
            case MUL -> Math.multiplyExact(x, y);
            case DIV -> x / y;
            default -> x % y;
        };
    }

    private static Long longs(BinaryOp op, long x, long y) {
        return switch (op) {
            case ADD -> Math.addExact(x, y);
            case SUB -> Math.subtractExact(x, y);
            case MUL -> Math.multiplyExact(x, y);
            case DIV -> x / y;
            default -> x % y;
        };
    }

    private static Double doubles(BinaryOp op, double x, double y) {
        if ((op == BinaryOp.DIV || op == BinaryOp.MOD) && y == 0) {
            throw new ArithmeticException("/ by zero");
        }
        double r = switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            default -> x % y;
        };
        if (!Double.isFinite(r)) {
            throw new ArithmeticException("not a finite double number: " + r);
        }
        return r;
    }

    /** {@code date ± span} (and {@code span + date} when {@code spanFirst}). */
    public static Body dateArithmetic(boolean subtract, boolean spanFirst) {
        return a -> {
            Instant t = (Instant) (spanFirst ? a[1] : a[0]);
            TemporalAmount span = (TemporalAmount) (spanFirst ? a[0] : a[1]);
            Instant r;
            if (span instanceof Period) {
                var zoned = t.atZone(ZoneOffset.UTC);
                r = (subtract ? zoned.minus(span) : zoned.plus(span)).toInstant();
            } else {
                r = subtract ? t.minus(span) : t.plus(span);
            }
            // a date is a long of milliseconds: beyond it, ES overflows (ArithmeticException "long overflow")
            r.toEpochMilli();
            return r;
        };
    }

    /** {@code span ± span} of one kind. */
    public static Body spanArithmetic(boolean subtract) {
        return a -> {
            if (a[0] instanceof Duration x) {
                return subtract ? x.minus((Duration) a[1]) : x.plus((Duration) a[1]);
            }
            Period x = (Period) a[0];
            return subtract ? x.minus((Period) a[1]) : x.plus((Period) a[1]);
        };
    }

    /** Unary minus on a value of {@code type}. */
    public static Body negate(DataType type) {
        return switch (type) {
            case INTEGER -> a -> Math.negateExact((Integer) a[0]);
            case LONG -> a -> Math.negateExact((Long) a[0]);
            case DOUBLE -> a -> -(Double) a[0];
            case TIME_DURATION -> a -> ((Duration) a[0]).negated();
            default -> a -> ((Period) a[0]).negated();
        };
    }

    /** A comparison of two single values of one type. */
    public static Body comparison(BinaryOp op) {
        return switch (op) {
            case EQ -> a -> Order.compare(a[0], a[1]) == 0;
            case NEQ -> a -> Order.compare(a[0], a[1]) != 0;
            case LT -> a -> Order.compare(a[0], a[1]) < 0;
            case LTE -> a -> Order.compare(a[0], a[1]) <= 0;
            case GT -> a -> Order.compare(a[0], a[1]) > 0;
            case GTE -> a -> Order.compare(a[0], a[1]) >= 0;
            default -> a -> Patterns.equalsInsensitive((String) a[0], (String) a[1]);
        };
    }
}
