package io.verdict.query;

import java.util.Arrays;
import java.util.Objects;

/**
 * The wildcard matcher as it was before its fast paths (a bit-parallel NFA for every pattern with wildcards but a
 * lone leading or trailing star; exact, prefix and suffix patterns through the JDK's case-insensitive comparison):
 * the oracle {@link WildcardsDifferentialTest} holds {@link Wildcards} to, value for value. Kept verbatim but for
 * its name (public for {@code WildcardBench}); not used by main code.
 *
 * <p>Original documentation:
 * A wildcard pattern compiled once into a linear-time matcher: {@code *} matches any run of characters, {@code ?}
 * (where the dialect makes it special) exactly one; the whole value must match. Exact, prefix and suffix patterns
 * take a direct comparison; every other pattern runs as a bit-parallel NFA (shift-and), one pass over the value
 * with no backtracking. Immutable and thread-safe.
 *
 * <p>Dialects: {@link #eql} ({@code *} and {@code ?} special, no escapes: EQL patterns, after string-escape
 * processing, have no way to quote a wildcard), {@link #kql} (only {@code *} special; {@code \*}, {@code \?},
 * {@code \\} and any other {@code \x} stand for the character itself), {@link #lucene} ({@code *} and {@code ?}
 * special, backslash escapes: Elasticsearch {@code wildcard} queries, as in Kibana filters).
 */
public final class WildcardsReference {

    private static final int ANY = -1;

    private enum Shape {
        EXACT,
        PREFIX,
        SUFFIX,
        GENERAL
    }

    private final String pattern;
    private final boolean caseInsensitive;
    private final boolean hasWildcards;
    private final Shape shape;
    /** For EXACT/PREFIX/SUFFIX: the literal part. */
    private final String literal;
    /** NFA: tokens (a folded char, or ANY); state i = "i tokens consumed"; loop[i] = a star sits at gap i. */
    private final int[] tokens;

    private final int words;
    private final long[] loop;
    private final long[] anyMask;
    /** ASCII char -> mask of tokens it matches, {@code words} longs per char. */
    private final long[] asciiMasks;

    private WildcardsReference(String pattern, boolean questionMark, boolean escapes, boolean caseInsensitive) {
        this.pattern = Objects.requireNonNull(pattern, "pattern");
        this.caseInsensitive = caseInsensitive;
        // Tokenise: a star collapses into a loop on the state before the next token.
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
        boolean anyToken = false;
        int starCount = 0;
        for (int i = 0; i <= n; i++) {
            starCount += stars[i] ? 1 : 0;
        }
        for (int t : tokens) {
            anyToken |= t == ANY;
        }
        if (!wild) {
            shape = Shape.EXACT;
        } else if (!anyToken && starCount == 1 && stars[n]) {
            shape = Shape.PREFIX;
        } else if (!anyToken && starCount == 1 && stars[0]) {
            shape = Shape.SUFFIX;
        } else {
            shape = Shape.GENERAL;
        }
        this.literal = lit.toString();
        this.words = (n + 1 + 63) / 64;
        this.loop = new long[words];
        this.anyMask = new long[words];
        this.asciiMasks = new long[128 * words];
        for (int i = 0; i <= n; i++) {
            if (stars[i]) {
                loop[i >>> 6] |= 1L << (i & 63);
            }
        }
        for (int i = 0; i < n; i++) {
            long bit = 1L << (i & 63);
            if (tokens[i] == ANY) {
                anyMask[i >>> 6] |= bit;
                for (int c = 0; c < 128; c++) {
                    asciiMasks[c * words + (i >>> 6)] |= bit;
                }
            } else if (tokens[i] < 128) {
                asciiMasks[tokens[i] * words + (i >>> 6)] |= bit;
            }
        }
    }

    /** EQL ({@code :}, {@code like}, {@code like~}): {@code *} and {@code ?} are wildcards, nothing escapes them. */
    public static WildcardsReference eql(String pattern, boolean caseInsensitive) {
        return new WildcardsReference(pattern, true, false, caseInsensitive);
    }

    /** KQL values: only {@code *} is a wildcard; a backslash makes the next character literal. */
    public static WildcardsReference kql(String pattern, boolean caseInsensitive) {
        return new WildcardsReference(pattern, false, true, caseInsensitive);
    }

    /** Elasticsearch {@code wildcard} query: {@code *} and {@code ?}, a backslash makes the next character literal. */
    public static WildcardsReference lucene(String pattern, boolean caseInsensitive) {
        return new WildcardsReference(pattern, true, true, caseInsensitive);
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

    /** True when the whole of {@code value} matches the pattern. */
    public boolean matches(String value) {
        return switch (shape) {
            case EXACT -> caseInsensitive ? literal.equalsIgnoreCase(value) : literal.equals(value);
            case PREFIX -> value.regionMatches(caseInsensitive, 0, literal, 0, literal.length());
            case SUFFIX ->
                value.length() >= literal.length()
                        && value.regionMatches(
                                caseInsensitive, value.length() - literal.length(), literal, 0, literal.length());
            case GENERAL -> words == 1 ? runOneWord(value) : runManyWords(value);
        };
    }

    private boolean runOneWord(String value) {
        final int n = tokens.length;
        final long accept = 1L << n;
        final long loops = loop[0];
        long state = 1L;
        for (int i = 0, len = value.length(); i < len; i++) {
            char c = value.charAt(i);
            if (caseInsensitive) {
                c = fold(c);
            }
            long mask = c < 128 ? asciiMasks[c] : nonAsciiMask(c, 0);
            state = ((state & mask) << 1) | (state & loops);
            if (state == 0) {
                return false;
            }
            if ((state & accept & loops) != 0) {
                return true; // a trailing star after the last token accepts any rest
            }
        }
        return (state & accept) != 0;
    }

    private boolean runManyWords(String value) {
        final int n = tokens.length;
        long[] state = new long[words];
        long[] next = new long[words];
        state[0] = 1L;
        for (int i = 0, len = value.length(); i < len; i++) {
            char c = value.charAt(i);
            if (caseInsensitive) {
                c = fold(c);
            }
            long carry = 0;
            long alive = 0;
            for (int w = 0; w < words; w++) {
                long mask = c < 128 ? asciiMasks[c * words + w] : nonAsciiMask(c, w);
                long moved = state[w] & mask;
                next[w] = (moved << 1) | carry | (state[w] & loop[w]);
                carry = moved >>> 63;
                alive |= next[w];
            }
            long[] swap = state;
            state = next;
            next = swap;
            if (alive == 0) {
                return false;
            }
        }
        return (state[n >>> 6] & (1L << (n & 63))) != 0;
    }

    private long nonAsciiMask(char c, int word) {
        long mask = anyMask[word];
        int from = word * 64;
        int to = Math.min(tokens.length, from + 64);
        for (int i = from; i < to; i++) {
            if (tokens[i] == c) {
                mask |= 1L << (i & 63);
            }
        }
        return mask;
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
        return o instanceof WildcardsReference other
                && pattern.equals(other.pattern)
                && caseInsensitive == other.caseInsensitive
                && Arrays.equals(tokens, other.tokens)
                && Arrays.equals(loop, other.loop);
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
