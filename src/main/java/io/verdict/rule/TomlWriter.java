package io.verdict.rule;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes plain data (maps, lists, strings, numbers, booleans) as a TOML document: scalar keys first, then
 * sub-tables as {@code [a.b]} and lists of tables as {@code [[a.b]]}. Multi-line strings (queries, notes) are
 * written as {@code '''} literals where they can be, so a stored rule stays readable and diffable. Tables inside
 * lists that also hold other values are written inline. Stateless.
 */
public final class TomlWriter {

    private static final Pattern BARE_KEY = Pattern.compile("[A-Za-z0-9_-]+");

    private TomlWriter() {}

    /** The document; keys of {@code root} whose values are maps become top-level tables. */
    public static String write(Map<String, ?> root) {
        StringBuilder out = new StringBuilder();
        table(out, "", root);
        return out.toString();
    }

    private static void table(StringBuilder out, String path, Map<String, ?> table) {
        for (Map.Entry<String, ?> e : table.entrySet()) {
            Object value = e.getValue();
            if (value == null || value instanceof Map<?, ?> || isTableList(value)) {
                continue;
            }
            out.append(key(e.getKey())).append(" = ");
            value(out, value);
            out.append('\n');
        }
        for (Map.Entry<String, ?> e : table.entrySet()) {
            if (e.getValue() instanceof Map<?, ?> sub) {
                String subPath = join(path, e.getKey());
                out.append(out.isEmpty() ? "" : "\n")
                        .append('[')
                        .append(subPath)
                        .append("]\n");
                table(out, subPath, cast(sub));
            }
        }
        for (Map.Entry<String, ?> e : table.entrySet()) {
            if (isTableList(e.getValue())) {
                String subPath = join(path, e.getKey());
                for (Object item : (List<?>) e.getValue()) {
                    out.append(out.isEmpty() ? "" : "\n")
                            .append("[[")
                            .append(subPath)
                            .append("]]\n");
                    table(out, subPath, cast((Map<?, ?>) item));
                }
            }
        }
    }

    private static boolean isTableList(Object value) {
        return value instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(Map.class::isInstance);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> cast(Map<?, ?> map) {
        return (Map<String, ?>) map;
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key(key) : path + "." + key(key);
    }

    static String key(String key) {
        return BARE_KEY.matcher(key).matches() ? key : basic(key);
    }

    private static void value(StringBuilder out, Object value) {
        if (value instanceof String s) {
            out.append(string(s));
        } else if (value instanceof Boolean
                || value instanceof Long
                || value instanceof Integer
                || value instanceof Short
                || value instanceof java.math.BigInteger) {
            out.append(value);
        } else if (value instanceof Number n) {
            double d = n.doubleValue();
            out.append(
                    Double.isNaN(d)
                            ? "nan"
                            : Double.isInfinite(d)
                                    ? (d > 0 ? "inf" : "-inf")
                                    : d == Math.rint(d) && Math.abs(d) < 1e15
                                            ? String.valueOf((long) d) + ".0"
                                            : String.valueOf(d));
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                out.append(i == 0 ? "" : ", ");
                value(out, list.get(i));
            }
            out.append(']');
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            int i = 0;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (e.getValue() == null) {
                    continue;
                }
                out.append(i++ == 0 ? "" : ", ")
                        .append(key(String.valueOf(e.getKey())))
                        .append(" = ");
                value(out, e.getValue());
            }
            out.append('}');
        } else if (value instanceof java.time.temporal.TemporalAccessor) {
            out.append(value);
        } else {
            out.append(string(String.valueOf(value)));
        }
    }

    /** A multi-line literal when the text allows one, otherwise a basic string with escapes. */
    static String string(String s) {
        if (s.indexOf('\n') >= 0 && literalSafe(s)) {
            return "'''\n" + s + "'''";
        }
        return basic(s);
    }

    private static boolean literalSafe(String s) {
        if (s.contains("'''") || s.endsWith("'")) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\n' && c != '\t' || c == 0x7f || c == '\r') {
                return false;
            }
        }
        return true;
    }

    private static String basic(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\u%04X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
