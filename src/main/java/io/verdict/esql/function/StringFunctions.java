package io.verdict.esql.function;

import io.verdict.esql.value.DataType;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** The string functions that cut, compare and change case; positions count code points, 1-based. */
final class StringFunctions {

    private StringFunctions() {}

    static List<ScalarFunction> all() {
        return List.of(
                Scalar.elementWise(
                        "TO_LOWER", DataType.KEYWORD, Scalar.STRING, s -> ((String) s).toLowerCase(Locale.ROOT)),
                Scalar.elementWise(
                        "TO_UPPER", DataType.KEYWORD, Scalar.STRING, s -> ((String) s).toUpperCase(Locale.ROOT)),
                Scalar.of("LENGTH", DataType.INTEGER, a -> codePoints(a[0]), Scalar.STRING),
                Scalar.of(
                        "SUBSTRING",
                        DataType.KEYWORD,
                        2,
                        StringFunctions::substring,
                        Scalar.STRING,
                        Scalar.INTEGER,
                        Scalar.INTEGER),
                Scalar.of(
                        "LOCATE",
                        DataType.INTEGER,
                        2,
                        StringFunctions::locate,
                        Scalar.STRING,
                        Scalar.STRING,
                        Scalar.INTEGER),
                Scalar.of(
                        "STARTS_WITH",
                        DataType.BOOLEAN,
                        a -> ((String) a[0]).startsWith((String) a[1]),
                        Scalar.STRING,
                        Scalar.STRING),
                Scalar.of(
                        "ENDS_WITH",
                        DataType.BOOLEAN,
                        a -> ((String) a[0]).endsWith((String) a[1]),
                        Scalar.STRING,
                        Scalar.STRING),
                Scalar.of(
                        "CONTAINS",
                        DataType.BOOLEAN,
                        a -> ((String) a[0]).contains((String) a[1]),
                        Scalar.STRING,
                        Scalar.STRING),
                Scalar.of("TRIM", DataType.KEYWORD, a -> ((String) a[0]).strip(), Scalar.STRING),
                Scalar.of("LTRIM", DataType.KEYWORD, a -> ((String) a[0]).stripLeading(), Scalar.STRING),
                Scalar.of("RTRIM", DataType.KEYWORD, a -> ((String) a[0]).stripTrailing(), Scalar.STRING),
                Scalar.of(
                        "LEFT",
                        DataType.KEYWORD,
                        a -> left((String) a[0], ((Number) a[1]).intValue()),
                        Scalar.STRING,
                        Scalar.INTEGER),
                Scalar.of(
                        "RIGHT",
                        DataType.KEYWORD,
                        a -> right((String) a[0], ((Number) a[1]).intValue()),
                        Scalar.STRING,
                        Scalar.INTEGER),
                new Scalar("CONCAT", StringFunctions::concat),
                new Scalar("REPLACE", StringFunctions::replace));
    }

    static int codePoints(Object s) {
        String text = (String) s;
        return text.codePointCount(0, text.length());
    }

    /** Where a 1-based start falls, as a 0-based code point index in {@code [0, count]}; negative counts from the end. */
    private static int startIndex(int count, int start) {
        int index = start > 0 ? start - 1 : start < 0 ? count + start : 0;
        return Math.min(Math.max(0, index), count);
    }

    private static Object substring(Object[] a) {
        String s = (String) a[0];
        int count = codePoints(s);
        int from = startIndex(count, ((Number) a[1]).intValue());
        int to = count;
        if (a.length > 2) {
            int length = ((Number) a[2]).intValue();
            if (length < 0) {
                throw new IllegalArgumentException("Length parameter cannot be negative, found [" + length + "]");
            }
            to = (int) Math.min(count, (long) from + length);
        }
        return s.substring(s.offsetByCodePoints(0, from), s.offsetByCodePoints(0, to));
    }

    private static Object locate(Object[] a) {
        String s = (String) a[0];
        String sub = (String) a[1];
        int from = a.length > 2 ? startIndex(codePoints(s), ((Number) a[2]).intValue()) : 0;
        int at = s.indexOf(sub, s.offsetByCodePoints(0, from));
        return at < 0 ? 0 : s.codePointCount(0, at) + 1;
    }

    private static Object left(String s, int n) {
        if (n <= 0) {
            return "";
        }
        int count = codePoints(s);
        return n >= count ? s : s.substring(0, s.offsetByCodePoints(0, n));
    }

    private static Object right(String s, int n) {
        if (n <= 0) {
            return "";
        }
        int count = codePoints(s);
        return n >= count ? s : s.substring(s.offsetByCodePoints(0, count - n));
    }

    private static ScalarFunction.Bound concat(List<DataType> types, List<Object> constants) {
        Arguments.count("CONCAT", types, 2, Integer.MAX_VALUE);
        for (int i = 0; i < types.size(); i++) {
            Arguments.check(types, i, "string", Arguments.STRING);
        }
        return ScalarFunction.Bound.of(DataType.KEYWORD, a -> {
            StringBuilder out = new StringBuilder();
            for (Object part : a) {
                out.append((String) part);
            }
            return out.toString();
        });
    }

    /** {@code REPLACE(s, regex, replacement)}: Java regex, every match, {@code $1} references. */
    private static ScalarFunction.Bound replace(List<DataType> types, List<Object> constants) {
        Scalar.check("REPLACE", types, 3, Scalar.STRING, Scalar.STRING, Scalar.STRING);
        if (Arguments.constant(constants, 1)) {
            Pattern pattern = Pattern.compile((String) constants.get(1));
            return ScalarFunction.Bound.of(
                    DataType.KEYWORD, a -> pattern.matcher((String) a[0]).replaceAll((String) a[2]));
        }
        return ScalarFunction.Bound.of(
                DataType.KEYWORD,
                a -> Pattern.compile((String) a[1]).matcher((String) a[0]).replaceAll((String) a[2]));
    }
}
