package io.verdict.esql.text;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A bound on what a Lucene regular expression may build before it is built: Lucene makes the automaton of
 * {@code x{n}} from n copies of x, so nested repetitions multiply ({@code (a{1000}){1000}} is a million states) and a
 * short pattern could exhaust the heap; and its parser recurses once per level of parentheses. A pattern whose
 * repetitions multiply past {@link #MAX_COPIES} or that nests deeper than {@link #MAX_DEPTH} is refused. Repetition
 * counts are read outside {@code [...]} classes, {@code "..."} quotes and {@code \} escapes.
 */
final class RegexSize {

    static final long MAX_COPIES = 100_000;
    static final int MAX_DEPTH = 100;

    private RegexSize() {}

    /** Why the pattern is refused, or null when it is not. */
    static String problem(String pattern) {
        int n = pattern.length();
        int[] close = new int[n];
        Deque<Integer> open = new ArrayDeque<>();
        for (int i = 0; i < n; i = next(pattern, i)) {
            char c = pattern.charAt(i);
            if (c == '(') {
                open.push(i);
                if (open.size() > MAX_DEPTH) {
                    return "it nests more than " + MAX_DEPTH + " levels of parentheses";
                }
            } else if (c == ')' && !open.isEmpty()) {
                close[open.pop()] = i;
            }
        }
        Deque<Long> copies = new ArrayDeque<>();
        copies.push(1L);
        for (int i = 0; i < n; i = next(pattern, i)) {
            char c = pattern.charAt(i);
            if (c == '(') {
                long group = close[i] > 0 ? repeat(pattern, close[i] + 1) : 1;
                copies.push(Math.min(Long.MAX_VALUE / 2, copies.peek() * group));
            } else if (c == ')' && copies.size() > 1) {
                copies.pop();
            } else if (c == '{' && (i == 0 || pattern.charAt(i - 1) != ')')) {
                long count = repeat(pattern, i);
                if (copies.peek() * Math.max(1, count) > MAX_COPIES) {
                    return "its repetitions multiply past " + MAX_COPIES + " copies";
                }
            }
            if (copies.peek() > MAX_COPIES) {
                return "its repetitions multiply past " + MAX_COPIES + " copies";
            }
        }
        return null;
    }

    /** The offset after the token at {@code i}: a class, a quoted string and an escape are one token each. */
    private static int next(String p, int i) {
        char c = p.charAt(i);
        if (c == '\\') {
            return Math.min(p.length(), i + 2);
        }
        if (c == '"') {
            int end = p.indexOf('"', i + 1);
            return end < 0 ? p.length() : end + 1;
        }
        if (c == '[') {
            int j = i + 1;
            while (j < p.length() && p.charAt(j) != ']') {
                j += p.charAt(j) == '\\' ? 2 : 1;
            }
            return Math.min(p.length(), j + 1);
        }
        return i + 1;
    }

    /** The largest count of a {@code {n}}, {@code {n,}} or {@code {n,m}} at {@code i}; 1 when there is none. */
    private static long repeat(String p, int i) {
        if (i >= p.length() || p.charAt(i) != '{') {
            return 1;
        }
        int end = p.indexOf('}', i);
        if (end < 0) {
            return 1;
        }
        long max = 1;
        for (String part : p.substring(i + 1, end).split(",")) {
            try {
                max = Math.max(max, Long.parseLong(part.strip()));
            } catch (NumberFormatException e) {
                // {n,} or a malformed repeat, which RegExp reports itself
            }
        }
        return max;
    }
}
