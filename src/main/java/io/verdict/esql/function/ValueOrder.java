package io.verdict.esql.function;

import io.verdict.esql.value.DataType;
import io.verdict.esql.value.Ip;
import io.verdict.esql.value.Values;
import java.time.Instant;
import java.util.Comparator;

/**
 * The ascending order of the values of one type, as ES sorts them: numbers numerically, strings by code point,
 * {@code false} before {@code true}, dates by instant, ips by their 16 bytes.
 */
final class ValueOrder {

    static final Comparator<Object> ASCENDING = ValueOrder::compare;

    private ValueOrder() {}

    static int compare(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            if (x instanceof Double || y instanceof Double) {
                return Double.compare(x.doubleValue(), y.doubleValue());
            }
            return Long.compare(x.longValue(), y.longValue());
        }
        if (a instanceof String x && b instanceof String y) {
            return Values.compareStrings(x, y);
        }
        if (a instanceof Boolean x && b instanceof Boolean y) {
            return Boolean.compare(x, y);
        }
        if (a instanceof Instant x && b instanceof Instant y) {
            return x.compareTo(y);
        }
        if (a instanceof Ip x && b instanceof Ip y) {
            return x.compareTo(y);
        }
        throw new IllegalArgumentException("cannot compare [" + a + "] with [" + b + "]");
    }

    /** A number as the Java class of a numeric {@code type} (widening only). */
    static Object widen(Object value, DataType type) {
        if (!(value instanceof Number n)) {
            return value;
        }
        return switch (type) {
            case DOUBLE -> n.doubleValue();
            case LONG -> n.longValue();
            case INTEGER -> n.intValue();
            default -> value;
        };
    }
}
