package io.verdict.esql.run;

import io.verdict.esql.value.Values;

/** The order of single values of one type: numbers, strings by code point, booleans, dates, addresses. */
public final class Order {

    private Order() {}

    /** Compares two single values of the same type (numbers already widened to one class). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static int compare(Object a, Object b) {
        if (a instanceof String s) {
            return Values.compareStrings(s, (String) b);
        }
        if (a instanceof Double x && b instanceof Double y) {
            // 0.0 and -0.0 are equal in ES|QL comparisons
            return x.doubleValue() == y.doubleValue() ? 0 : Double.compare(x, y);
        }
        return ((Comparable) a).compareTo(b);
    }
}
