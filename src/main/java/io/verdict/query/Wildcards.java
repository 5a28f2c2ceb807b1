package io.verdict.query;

import java.util.Arrays;
import java.util.Objects;

/**
 * A wildcard pattern compiled once into a linear-time matcher: {@code *} matches any run of characters, {@code ?}
 * (where the dialect makes it special) exactly one; the whole value must match. Exact, prefix and suffix patterns
 * take a direct comparison; every other pattern is cut at its stars into segments, each found at its leftmost
 * place after the one before (a segment has a fixed length, so the leftmost place never loses a match). Immutable
 * and thread-safe.
 *
 * <p>Case-insensitive comparison: exact, prefix and suffix patterns compare as {@link String#equalsIgnoreCase} /
 * {@link String#regionMatches(boolean, int, String, int, int)} do; other patterns char by char, each folded to
 * lower(upper(c)). Where the literal is ASCII, its lower- and upper-case forms are kept, so an ASCII value is
 * compared with two byte compares a char; the first non-ASCII char of the value hands the comparison to the JDK.
 *
 * <p>Dialects: {@link #eql} ({@code *} and {@code ?} special, no escapes: EQL patterns, after string-escape
 * processing, have no way to quote a wildcard), {@link #kql} (only {@code *} special; {@code \*}, {@code \?},
 * {@code \\} and any other {@code \x} stand for the character itself), {@link #lucene} ({@code *} and {@code ?}
 * special, backslash escapes: Elasticsearch {@code wildcard} queries, as in Kibana filters).
 */
public final class Wildcards {

    static final int ANY = -1;

    private enum Shape {
        EXACT,
        PREFIX,
        SUFFIX,
        GENERAL
    }

    /** What the ASCII comparison of a region found: a verdict, or a non-ASCII char it cannot judge. */
    private static final int NO = 0;

    private static final int YES = 1;
    private static final int UNSURE = 2;

    private final String pattern;
    private final boolean caseInsensitive;
    private final boolean hasWildcards;
    private final Shape shape;
    /** For EXACT/PREFIX/SUFFIX: the literal part. */
    private final String literal;
    /** Case-insensitive, ASCII literal: its lower- and upper-case forms (equal for a non-letter); else null. */
    final byte[] lower;

    private final byte[] upper;
    /** Tokens: a (folded when case-insensitive) char, or ANY; star[i]: a star sits before token i (i = n: at the end). */
    private final int[] tokens;

    private final boolean[] star;
    /** GENERAL: the segments (token runs between stars), from segStart[k] to segEnd[k]. */
    private final int[] segStart;

    private final int[] segEnd;
    /** GENERAL, case-sensitive: a segment without ANY as a string, for {@link String#indexOf(String, int)}; else null. */
    private final String[] segText;

    private Wildcards(String pattern, boolean questionMark, boolean escapes, boolean caseInsensitive) {
        this.pattern = Objects.requireNonNull(pattern, "pattern");
        this.caseInsensitive = caseInsensitive;
        // Tokenise: a star collapses into a mark on the gap before the next token.
        int[] toks = new int[pattern.length()];
        boolean[] stars = new boolean[pattern.length() + 1];
        int n = 0;
        boolean wild = false;
        StringBuilder lit = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (escapes && c == '\\' && i + 1 < pattern.length()) {
                c = pattern.charAt(++i);
                toks[n++] = caseInsensitive ? fold(c) : c;
                lit.append(c);
            } else if (c == '*') {
                stars[n] = true;
                wild = true;
            } else if (c == '?' && questionMark) {
                toks[n++] = ANY;
                wild = true;
            } else {
                toks[n++] = caseInsensitive ? fold(c) : c;
                lit.append(c);
            }
        }
        this.hasWildcards = wild;
        this.tokens = Arrays.copyOf(toks, n);
        this.star = Arrays.copyOf(stars, n + 1);
        boolean anyToken = false;
        int starCount = 0;
        for (int i = 0; i <= n; i++) {
            starCount += star[i] ? 1 : 0;
        }
        for (int t : tokens) {
            anyToken |= t == ANY;
        }
        if (!wild) {
            shape = Shape.EXACT;
        } else if (!anyToken && starCount == 1 && star[n]) {
            shape = Shape.PREFIX;
        } else if (!anyToken && starCount == 1 && star[0]) {
            shape = Shape.SUFFIX;
        } else {
            shape = Shape.GENERAL;
        }
        this.literal = lit.toString();
        byte[][] cases = caseInsensitive && shape != Shape.GENERAL ? asciiCases(literal) : null;
        this.lower = cases == null ? null : cases[0];
        this.upper = cases == null ? null : cases[1];
        int segments = 0;
        for (int i = 0; i < n; i++) {
            segments += i == 0 || star[i] ? 1 : 0;
        }
        this.segStart = new int[segments];
        this.segEnd = new int[segments];
        this.segText = new String[segments];
        for (int i = 0, k = -1; i < n; i++) {
            if (i == 0 || star[i]) {
                segStart[++k] = i;
            }
            segEnd[k] = i + 1;
        }
        for (int k = 0; k < segments && !caseInsensitive; k++) {
            StringBuilder text = new StringBuilder();
            for (int i = segStart[k]; i < segEnd[k] && text != null; i++) {
                text = tokens[i] == ANY ? null : text.append((char) tokens[i]);
            }
            segText[k] = text == null ? null : text.toString();
        }
    }

    /** The lower- and upper-case forms of an ASCII text, or null when it holds another char. */
    private static byte[][] asciiCases(String text) {
        byte[] lo = new byte[text.length()];
        byte[] up = new byte[text.length()];
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 128) {
                return null;
            }
            lo[i] = (byte) (c >= 'A' && c <= 'Z' ? c + 32 : c);
            up[i] = (byte) (c >= 'a' && c <= 'z' ? c - 32 : c);
        }
        return new byte[][] {lo, up};
    }

    /** EQL ({@code :}, {@code like}, {@code like~}): {@code *} and {@code ?} are wildcards, nothing escapes them. */
    public static Wildcards eql(String pattern, boolean caseInsensitive) {
        return new Wildcards(pattern, true, false, caseInsensitive);
    }

    /** KQL values: only {@code *} is a wildcard; a backslash makes the next character literal. */
    public static Wildcards kql(String pattern, boolean caseInsensitive) {
        return new Wildcards(pattern, false, true, caseInsensitive);
    }

    /** Elasticsearch {@code wildcard} query: {@code *} and {@code ?}, a backslash makes the next character literal. */
    public static Wildcards lucene(String pattern, boolean caseInsensitive) {
        return new Wildcards(pattern, true, true, caseInsensitive);
    }

    public String pattern() {
        return pattern;
    }

    public boolean caseInsensitive() {
        return caseInsensitive;
    }

    /** False when the pattern is a plain string (after escapes): it then matches only that string. */
    public boolean hasWildcards() {
        return hasWildcards;
    }

    /** The pattern's text with escapes removed and wildcards dropped; for a pattern without wildcards, its value. */
    public String literal() {
        return literal;
    }

    /**
     * True when the whole of {@code value} matches the pattern. A pattern that searches ({@code *x*}, {@code a*b?c})
     * a long value charges the search to the evaluation {@link Budget}.
     */
    public boolean matches(String value) {
        return switch (shape) {
            case EXACT -> caseInsensitive ? equalsIgnoreCase(value) : literal.equals(value);
            case PREFIX -> caseInsensitive ? prefixIgnoreCase(value) : value.startsWith(literal);
            case SUFFIX -> caseInsensitive ? suffixIgnoreCase(value) : value.endsWith(literal);
            case GENERAL -> {
                if (value.length() >= Budget.SMALL) {
                    Budget.charge(value.length());
                }
                yield general(value);
            }
        };
    }

    /** Whether matching searches the value (an exact, prefix or suffix pattern compares one place only). */
    boolean searches() {
        return shape == Shape.GENERAL;
    }

    /**
     * The longest run of characters without a wildcard that every matching value contains (folded when
     * case-insensitive, as {@link #fold} folds a value's chars); empty when the pattern has none.
     */
    String requiredRun() {
        int bestFrom = 0;
        int bestLength = 0;
        for (int i = 0; i < tokens.length; ) {
            if (tokens[i] == ANY) {
                i++;
                continue;
            }
            int from = i;
            do {
                i++;
            } while (i < tokens.length && tokens[i] != ANY && !star[i]);
            if (i - from > bestLength) {
                bestFrom = from;
                bestLength = i - from;
            }
        }
        char[] run = new char[bestLength];
        for (int k = 0; k < bestLength; k++) {
            run[k] = (char) tokens[bestFrom + k];
        }
        return new String(run);
    }

    /** True for {@code *text*}: a value matches exactly when it contains {@link #requiredRun()}. */
    boolean isContains() {
        return shape == Shape.GENERAL
                && segStart.length == 1
                && star[0]
                && star[tokens.length]
                && requiredRun().length() == tokens.length;
    }

    // ---------------------------------------------------------------- exact, prefix, suffix (case-insensitive)

    private boolean equalsIgnoreCase(String value) {
        if (lower == null || value.length() != lower.length) {
            return lower == null ? literal.equalsIgnoreCase(value) : false;
        }
        int ascii = asciiRegion(value, 0);
        return ascii == UNSURE ? literal.equalsIgnoreCase(value) : ascii == YES;
    }

    private boolean prefixIgnoreCase(String value) {
        int len = literal.length();
        if (lower == null || value.length() < len) {
            return value.regionMatches(true, 0, literal, 0, len);
        }
        int ascii = asciiRegion(value, 0);
        return ascii == UNSURE ? value.regionMatches(true, 0, literal, 0, len) : ascii == YES;
    }

    private boolean suffixIgnoreCase(String value) {
        int len = literal.length();
        int from = value.length() - len;
        if (from < 0) {
            return false;
        }
        if (lower == null) {
            return value.regionMatches(true, from, literal, 0, len);
        }
        int ascii = asciiRegion(value, from);
        return ascii == UNSURE ? value.regionMatches(true, from, literal, 0, len) : ascii == YES;
    }

    /**
     * The ASCII literal against {@code value} from {@code from} (which has room for it): an ASCII char equals
     * another ignoring case exactly when it is its lower- or upper-case form; a non-ASCII char may still equal an
     * ASCII one (the Kelvin sign folds to k), so it leaves the verdict to the JDK.
     */
    private int asciiRegion(String value, int from) {
        byte[] lo = lower;
        byte[] up = upper;
        for (int i = 0; i < lo.length; i++) {
            char c = value.charAt(from + i);
            if (c != lo[i] && c != up[i]) {
                return c >= 128 ? UNSURE : NO;
            }
        }
        return YES;
    }

    // ---------------------------------------------------------------- general: segments between stars

    private boolean general(String value) {
        final int len = value.length();
        final int n = tokens.length;
        if (segStart.length == 0) {
            return true; // only stars
        }
        int last = segStart.length - 1;
        if (!star[0] && !star[n] && last == 0) {
            return len == n && segmentAt(value, 0, 0); // no star: '?' only
        }
        int pos = 0;
        int first = 0;
        if (!star[0]) {
            int m = segEnd[0] - segStart[0];
            if (m > len || !segmentAt(value, 0, 0)) {
                return false;
            }
            pos = m;
            first = 1;
        }
        int end = len;
        if (!star[n]) {
            int m = segEnd[last] - segStart[last];
            if (len - m < pos || !segmentAt(value, len - m, last)) {
                return false;
            }
            end = len - m;
            last--;
        }
        for (int k = first; k <= last; k++) {
            int at = find(value, pos, end - (segEnd[k] - segStart[k]), k);
            if (at < 0) {
                return false;
            }
            pos = at + segEnd[k] - segStart[k];
        }
        return true;
    }

    /** The leftmost place in {@code [from, to]} where segment {@code k} matches, or -1. */
    private int find(String value, int from, int to, int k) {
        if (from > to) {
            return -1;
        }
        String text = segText[k];
        if (text != null) {
            int at = value.indexOf(text, from);
            return at <= to ? at : -1;
        }
        int head = tokens[segStart[k]];
        if (head == ANY) {
            for (int i = from; i <= to; i++) {
                if (segmentAt(value, i, k)) {
                    return i;
                }
            }
            return -1;
        }
        // the first token, as an ASCII letter in the other case: a quick scan for where the segment may start
        int other = caseInsensitive && head >= 'a' && head <= 'z' ? head - 32 : head;
        for (int i = from; i <= to; i++) {
            char c = value.charAt(i);
            if ((c == head || c == other || c >= 128 && caseInsensitive && fold(c) == head) && segmentAt(value, i, k)) {
                return i;
            }
        }
        return -1;
    }

    /** Segment {@code k} matches {@code value} from {@code at} (which has room for it), char by char. */
    private boolean segmentAt(String value, int at, int k) {
        for (int i = segStart[k], j = at; i < segEnd[k]; i++, j++) {
            int t = tokens[i];
            if (t == ANY) {
                continue;
            }
            char c = value.charAt(j);
            if ((caseInsensitive ? fold(c) : c) != t) {
                return false;
            }
        }
        return true;
    }

    /** Case folding as {@link String#equalsIgnoreCase} does it, char by char. */
    static char fold(char c) {
        if (c < 128) {
            return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
        }
        return Character.toLowerCase(Character.toUpperCase(c));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Wildcards other
                && pattern.equals(other.pattern)
                && caseInsensitive == other.caseInsensitive
                && Arrays.equals(tokens, other.tokens)
                && Arrays.equals(star, other.star);
    }

    @Override
    public int hashCode() {
        return pattern.hashCode() * 31 + (caseInsensitive ? 1 : 0);
    }

    @Override
    public String toString() {
        return pattern;
    }
}
