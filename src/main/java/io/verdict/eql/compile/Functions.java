package io.verdict.eql.compile;

import io.verdict.eql.ast.Expr.ArithmeticOp;
import io.verdict.eql.check.FunctionSpec;
import io.verdict.query.Budget;
import io.verdict.query.Cidr;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The 13 Elasticsearch EQL functions with Elasticsearch's null rules: a null argument gives null unless stated
 * (an omitted or null optional argument takes its default). Each is bound once at compile time. A function that
 * reads a long text charges it to the evaluation {@link Budget}.
 */
final class Functions {

    /** One bound function: arguments in, value out. */
    @FunctionalInterface
    interface Body {
        Object apply(Object[] args);
    }

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private Functions() {}

    /** The body of {@code spec}; {@code cidrs} holds cidrMatch's blocks, parsed once. */
    static Body bind(FunctionSpec spec, boolean caseInsensitive, List<Cidr> cidrs) {
        return switch (spec) {
            case ADD -> a -> Operators.arithmetic(ArithmeticOp.ADD, a[0], a[1]);
            case SUBTRACT -> a -> Operators.arithmetic(ArithmeticOp.SUBTRACT, a[0], a[1]);
            case MULTIPLY -> a -> Operators.arithmetic(ArithmeticOp.MULTIPLY, a[0], a[1]);
            case DIVIDE -> a -> Operators.arithmetic(ArithmeticOp.DIVIDE, a[0], a[1]);
            case MODULO -> a -> Operators.arithmetic(ArithmeticOp.MODULO, a[0], a[1]);
            case BETWEEN -> a -> between(a, caseInsensitive);
            case CIDR_MATCH -> a -> cidrMatch(a[0], cidrs);
            case CONCAT -> Functions::concat;
            case ENDS_WITH ->
                a -> strings(a) ? fold(a[0], caseInsensitive).endsWith(fold(a[1], caseInsensitive)) : null;
            case STARTS_WITH ->
                a -> strings(a) ? fold(a[0], caseInsensitive).startsWith(fold(a[1], caseInsensitive)) : null;
            case STRING_CONTAINS -> a -> strings(a) ? contains((String) a[0], (String) a[1], caseInsensitive) : null;
            case INDEX_OF -> a -> indexOf(a, caseInsensitive);
            case LENGTH -> a -> a[0] instanceof String s ? (Object) (long) s.length() : null;
            case NUMBER_OF -> a -> number(a[0], a.length > 1 ? a[1] : null);
            case STRING_OF -> a -> a[0] == null ? null : Operators.text(a[0]);
            case SUBSTRING -> a -> substring(a[0], a[1], a.length > 2 ? a[2] : null);
        };
    }

    private static boolean strings(Object[] a) {
        return a[0] instanceof String && a[1] instanceof String;
    }

    private static String fold(Object s, boolean caseInsensitive) {
        String text = (String) s;
        charge(text);
        return caseInsensitive ? text.toLowerCase(Locale.ROOT) : text;
    }

    /** A long text is read (searched, copied, parsed): charged to the rule's evaluation budget. */
    private static void charge(CharSequence text) {
        if (text.length() >= Budget.SMALL) {
            Budget.charge(text.length());
        }
    }

    // between(source, left, right[, greedy]): "" when left or right is not found; source itself when one is ""
    private static Object between(Object[] a, boolean caseInsensitive) {
        if (!(a[0] instanceof String source) || !(a[1] instanceof String left) || !(a[2] instanceof String right)) {
            return null;
        }
        boolean greedy = a.length > 3 && Boolean.TRUE.equals(a[3]);
        if (source.isEmpty() || left.isEmpty() || right.isEmpty()) {
            return source;
        }
        String haystack = fold(source, caseInsensitive);
        String l = fold(left, caseInsensitive);
        String r = fold(right, caseInsensitive);
        int at = haystack.indexOf(l);
        if (at < 0) {
            return "";
        }
        int start = at + l.length();
        int end = greedy ? haystack.lastIndexOf(r) : haystack.indexOf(r, start);
        return end < start ? "" : source.substring(start, end);
    }

    private static Object cidrMatch(Object ip, List<Cidr> cidrs) {
        if (!(ip instanceof String address)) {
            return null;
        }
        for (Cidr c : cidrs) {
            if (c.contains(address)) {
                return Boolean.TRUE;
            }
        }
        return Boolean.FALSE;
    }

    private static Object concat(Object[] a) {
        StringBuilder out = new StringBuilder();
        for (Object v : a) {
            if (v == null) {
                return null;
            }
            out.append(Operators.text(v));
        }
        charge(out);
        return out.toString();
    }

    // Elasticsearch: an empty source or substring contains nothing
    private static boolean contains(String source, String sub, boolean caseInsensitive) {
        if (source.isEmpty() || sub.isEmpty()) {
            return false;
        }
        return fold(source, caseInsensitive).contains(fold(sub, caseInsensitive));
    }

    // indexOf(source, sub[, start]): null when not found; start null = 0, negative = 0, past the end = null
    private static Object indexOf(Object[] a, boolean caseInsensitive) {
        if (!strings(a)) {
            return null;
        }
        Object start = a.length > 2 ? a[2] : null;
        if (start != null && !(start instanceof Number)) {
            return null;
        }
        int from = start == null ? 0 : ((Number) start).intValue();
        int at = fold(a[0], caseInsensitive).indexOf(fold(a[1], caseInsensitive), from);
        return at < 0 ? null : (Object) (long) at;
    }

    // number(text[, base]): "0x" means hex; base 10 allows decimals; anything unparsable is null
    static Object number(Object value, Object base) {
        if (value == null || value instanceof Number) {
            return value;
        }
        if (!(value instanceof String text) || (base != null && !(base instanceof Number))) {
            return null;
        }
        charge(text);
        String s = text.trim();
        boolean hex = s.startsWith("0x");
        int radix = base == null ? (hex ? 16 : 10) : ((Number) base).intValue();
        if (hex && radix == 16) {
            s = s.substring(2);
        }
        try {
            if (radix != 10) {
                return Long.parseLong(s, radix);
            }
            if (!DECIMAL.matcher(s).matches()) {
                return null;
            }
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException notLong) {
                return Double.parseDouble(s);
            }
        } catch (NumberFormatException e) {
            return null;
        }
    }

    // substring(source, start[, end]) with Python slice semantics; start null = source unchanged
    private static Object substring(Object source, Object start, Object end) {
        if (!(source instanceof String s)) {
            return null;
        }
        if (!(start instanceof Number startNumber)) {
            return start == null ? s : null;
        }
        if (end != null && !(end instanceof Number)) {
            return null;
        }
        if (s.isEmpty()) {
            return s;
        }
        charge(s);
        int length = s.length();
        int from = startNumber.intValue();
        int to = end == null ? length : ((Number) end).intValue();
        if (from < 0) {
            from = Math.max(0, from + length);
        }
        if (to < 0) {
            to = Math.max(0, to + length);
        } else if (to > length) {
            to = length;
        }
        return from >= to ? "" : s.substring(from, to);
    }
}
