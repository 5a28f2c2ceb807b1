package io.verdict.event.stix;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a STIX 2.1 pattern into the equality comparisons it holds, when it is a simple one: comparisons
 * {@code object-type:property = 'string'} joined by {@code OR}, inside one observation ({@code [a = 'x' OR b = 'y']})
 * or across observations ({@code [a = 'x'] OR [b = 'y']}), with parentheses. Such a pattern matches any observable
 * one of its comparisons names, so each comparison is an indicator of its own. Everything else the grammar allows
 * ({@code AND}, {@code FOLLOWEDBY}, qualifiers, other operators, values that are not strings) combines observables
 * or asks for a range, which no single indicator document can say: it is refused with the position it starts at.
 * Recursive descent; recursion only enters through a bracket or parenthesis, so the nesting bound bounds the stack.
 */
public final class StixPattern {

    /** One equality test: object type ({@code file}), property path ({@code hashes.SHA-256}), the string value. */
    public record Comparison(String objectType, String property, String value, int position) {}

    private static final List<String> OPERATOR_WORDS = List.of("IN", "LIKE", "MATCHES", "ISSUBSET", "ISSUPERSET");
    private static final List<String> QUALIFIERS = List.of("WITHIN", "REPEATS", "START", "STOP");

    private final String text;
    private final int maxDepth;
    private final List<Comparison> comparisons = new ArrayList<>();
    private int at;
    private int depth;

    private StixPattern(String text, int maxDepth) {
        this.text = text;
        this.maxDepth = maxDepth;
    }

    /**
     * The comparisons of a simple pattern, in order; a {@link StixException} saying what is wrong or unsupported
     * and at which character (1-based) otherwise.
     */
    public static List<Comparison> read(String pattern, int maxLength, int maxDepth) {
        if (pattern.length() > maxLength) {
            throw new StixException(
                    "the pattern is " + pattern.length() + " characters long, more than the " + maxLength + " allowed");
        }
        StixPattern reader = new StixPattern(pattern, maxDepth);
        reader.pattern();
        reader.space();
        if (reader.at < pattern.length()) {
            throw reader.problem("unexpected '" + reader.preview() + "' after the pattern");
        }
        return List.copyOf(reader.comparisons);
    }

    /** observation (OR observation)* */
    private void pattern() {
        observation();
        while (true) {
            space();
            int start = at;
            String word = word();
            if (word.equals("OR")) {
                observation();
            } else if (word.equals("AND") || word.equals("FOLLOWEDBY")) {
                throw problemAt(
                        start,
                        word + " between observations is not supported: it asks for several"
                                + " observables together, which one indicator document cannot hold");
            } else {
                at = start;
                return;
            }
        }
    }

    /** '[' comparisons ']' | '(' pattern ')', then no qualifier */
    private void observation() {
        space();
        int start = at;
        if (take('[')) {
            enter(start);
            comparisonOr();
            space();
            expect(']');
            depth--;
        } else if (take('(')) {
            enter(start);
            pattern();
            space();
            expect(')');
            depth--;
        } else {
            throw problem(
                    at >= text.length()
                            ? "the pattern ends where an observation '[…]' is expected"
                            : "expected an observation '[…]', found '" + preview() + "'");
        }
        space();
        int qualifier = at;
        String word = word();
        if (QUALIFIERS.contains(word)) {
            throw problemAt(
                    qualifier,
                    "the qualifier " + word + " is not supported: an indicator document"
                            + " holds no time window or repetition");
        }
        at = qualifier;
    }

    /** test (OR test)* */
    private void comparisonOr() {
        comparisonAnd();
        while (true) {
            space();
            int start = at;
            if (word().equals("OR")) {
                comparisonAnd();
            } else {
                at = start;
                return;
            }
        }
    }

    /** test, with AND refused */
    private void comparisonAnd() {
        test();
        space();
        int start = at;
        if (word().equals("AND")) {
            throw problemAt(
                    start,
                    "AND between comparisons is not supported: it asks for an observable with"
                            + " several properties, which one indicator document cannot hold");
        }
        at = start;
    }

    /** '(' comparisons ')' | path op value */
    private void test() {
        space();
        int start = at;
        if (take('(')) {
            enter(start);
            comparisonOr();
            space();
            expect(')');
            depth--;
            return;
        }
        String objectType = objectType();
        expect(':');
        String property = property();
        space();
        operator();
        space();
        int valueAt = at;
        String value = string();
        comparisons.add(new Comparison(objectType, property, value, valueAt + 1));
    }

    private String objectType() {
        space();
        int start = at;
        while (at < text.length() && (lowerOrDigit(text.charAt(at)) || text.charAt(at) == '-')) {
            at++;
        }
        if (at == start) {
            throw problem(
                    at >= text.length()
                            ? "the pattern ends where an object type (e.g. file) is expected"
                            : "expected an object type (e.g. file), found '" + preview() + "'");
        }
        return text.substring(start, at);
    }

    /** name ('.' name | '.' 'quoted' | '[' index ']')*, written back with quotes removed */
    private String property() {
        StringBuilder path = new StringBuilder(name());
        while (at < text.length()) {
            if (take('.')) {
                path.append('.').append(at < text.length() && text.charAt(at) == '\'' ? string() : name());
            } else if (take('[')) {
                int start = at;
                while (at < text.length() && (Character.isDigit(text.charAt(at)) || text.charAt(at) == '*')) {
                    at++;
                }
                String index = text.substring(start, at);
                if (index.isEmpty() || index.length() > 9 || (index.contains("*") && index.length() > 1)) {
                    throw problemAt(start, "expected a list index (a number or *)");
                }
                expect(']');
                path.append('[').append(index).append(']');
            } else {
                break;
            }
        }
        return path.toString();
    }

    private String name() {
        int start = at;
        while (at < text.length()
                && (lowerOrDigit(text.charAt(at))
                        || text.charAt(at) == '_'
                        || text.charAt(at) == '-'
                        || Character.isUpperCase(text.charAt(at)))) {
            at++;
        }
        if (at == start) {
            throw problem("expected a property name, found '" + preview() + "'");
        }
        return text.substring(start, at);
    }

    private void operator() {
        int start = at;
        String word = word();
        if (word.equals("NOT")) {
            throw problemAt(start, "NOT is not supported: an indicator names what to match, not what not to");
        }
        if (OPERATOR_WORDS.contains(word)) {
            throw problemAt(start, "the operator " + word + " is not supported: only = names one observable");
        }
        at = start;
        if (take('=')) {
            return;
        }
        for (String symbol : List.of("!=", "<=", ">=", "<", ">")) {
            if (text.startsWith(symbol, at)) {
                throw problem("the operator " + symbol + " is not supported: only = names one observable");
            }
        }
        throw problem(
                at >= text.length()
                        ? "the pattern ends where an operator is expected"
                        : "expected an operator (=), found '" + preview() + "'");
    }

    /** A quoted string, with STIX's two escapes {@code \'} and {@code \\}. */
    private String string() {
        if (!take('\'')) {
            throw problem(
                    at >= text.length()
                            ? "the pattern ends where a quoted string is expected"
                            : "expected a quoted string, found '" + preview() + "': only string values are supported");
        }
        int start = at - 1;
        StringBuilder value = new StringBuilder();
        while (at < text.length()) {
            char c = text.charAt(at++);
            if (c == '\'') {
                return value.toString();
            }
            if (c == '\\') {
                if (at < text.length() && (text.charAt(at) == '\'' || text.charAt(at) == '\\')) {
                    value.append(text.charAt(at++));
                    continue;
                }
                throw problemAt(at - 1, "a backslash in a string escapes only ' or \\");
            }
            value.append(c);
        }
        throw problemAt(start, "the string is not closed");
    }

    private void enter(int start) {
        if (++depth > maxDepth) {
            throw problemAt(start, "the pattern is nested deeper than " + maxDepth + " levels");
        }
    }

    /** The upper-case word at the position (consumed), or "" when none. */
    private String word() {
        int start = at;
        while (at < text.length() && text.charAt(at) >= 'A' && text.charAt(at) <= 'Z') {
            at++;
        }
        return text.substring(start, at);
    }

    private boolean take(char c) {
        if (at < text.length() && text.charAt(at) == c) {
            at++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        space();
        if (!take(c)) {
            throw problem(
                    at >= text.length()
                            ? "the pattern ends where '" + c + "' is expected"
                            : "expected '" + c + "', found '" + preview() + "'");
        }
    }

    private void space() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private static boolean lowerOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    private String preview() {
        int end = Math.min(text.length(), at + 12);
        return text.substring(at, end) + (end < text.length() ? "…" : "");
    }

    private StixException problem(String what) {
        return problemAt(at, what);
    }

    private StixException problemAt(int position, String what) {
        return new StixException("pattern: " + what + " (at character " + (position + 1) + ")");
    }
}
