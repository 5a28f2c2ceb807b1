package io.verdict.esql.function;

import io.verdict.esql.value.DataType;
import java.util.List;
import java.util.function.Predicate;

/**
 * The argument checks of binding: how many, and of which types. A {@code null} literal (type {@link DataType#NULL})
 * is accepted wherever a value is, as ES does.
 */
final class Arguments {

    static final Predicate<DataType> STRING = DataType::string;
    static final Predicate<DataType> NUMERIC = DataType::numeric;
    static final Predicate<DataType> WHOLE = DataType::whole;
    static final Predicate<DataType> INTEGER = t -> t == DataType.INTEGER;
    static final Predicate<DataType> IP = t -> t == DataType.IP;
    static final Predicate<DataType> GEO = t -> t == DataType.GEO_POINT;
    /** Every type a value of which can be compared with another of its type. */
    static final Predicate<DataType> ORDERED =
            t -> t.numeric() || t.string() || t == DataType.DATETIME || t == DataType.IP || t == DataType.BOOLEAN;
    /** Every type a column can have. */
    static final Predicate<DataType> ANY =
            t -> t != DataType.UNSUPPORTED && t != DataType.TIME_DURATION && t != DataType.DATE_PERIOD;

    private Arguments() {}

    /** Checks the number of arguments. */
    static void count(String name, List<DataType> types, int min, int max) {
        int n = types.size();
        if (n >= min && n <= max) {
            return;
        }
        String expected;
        if (min == max) {
            expected = min == 0 ? "no arguments" : "exactly " + words(min) + (min == 1 ? " argument" : " arguments");
        } else if (max == Integer.MAX_VALUE) {
            expected = "at least " + words(min) + (min == 1 ? " argument" : " arguments");
        } else if (max == min + 1) {
            expected = words(min) + " or " + words(max) + " arguments";
        } else {
            expected = "between " + words(min) + " and " + words(max) + " arguments";
        }
        // The caller places the message at the call.
        throw new IllegalArgumentException(
                "error building [" + name.toLowerCase(java.util.Locale.ROOT) + "]: expects " + expected);
    }

    private static String words(int n) {
        return switch (n) {
            case 0 -> "zero";
            case 1 -> "one";
            case 2 -> "two";
            case 3 -> "three";
            case 4 -> "four";
            default -> Integer.toString(n);
        };
    }

    /** Checks that argument {@code i} is of a type that {@code accepted} takes, or the null literal. */
    static void check(List<DataType> types, int i, String expected, Predicate<DataType> accepted) {
        if (i >= types.size()) {
            return;
        }
        DataType t = types.get(i);
        if (t != DataType.NULL && !accepted.test(t)) {
            throw new ArgumentTypeException(i, expected, t, types.size() == 1);
        }
    }

    /** Whether argument {@code i} is a constant single value (not null, not a multivalue). */
    static boolean constant(List<Object> constants, int i) {
        Object c = i < constants.size() ? constants.get(i) : null;
        return c != null && c != ScalarFunction.NOT_CONSTANT && !(c instanceof io.verdict.esql.value.MultiValue);
    }

    /** The first argument type that is not the null literal's, else {@link DataType#NULL}. */
    static DataType common(List<DataType> types) {
        DataType found = DataType.NULL;
        for (DataType t : types) {
            if (t == DataType.NULL) {
                continue;
            }
            if (found == DataType.NULL) {
                found = t;
            } else if (found.numeric() && t.numeric()) {
                found = widest(found, t);
            } else if (found.string() && t.string()) {
                found = found == t ? found : DataType.KEYWORD;
            }
        }
        return found;
    }

    /** The wider of two numeric types. */
    static DataType widest(DataType a, DataType b) {
        if (a == DataType.DOUBLE || b == DataType.DOUBLE) {
            return DataType.DOUBLE;
        }
        return a == DataType.LONG || b == DataType.LONG ? DataType.LONG : DataType.INTEGER;
    }
}
