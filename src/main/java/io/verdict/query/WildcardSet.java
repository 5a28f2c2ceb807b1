package io.verdict.query;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Several wildcard patterns, any of which may match ({@code process.name : ("a.exe", "b.exe", ...)}), compiled
 * once. Patterns without wildcards are looked up instead of tried one by one, when there are at least
 * {@link #MIN_HASHED} of a kind: case-sensitive ones in a hash set (an event's string caches its hash);
 * case-insensitive ones with an ASCII literal in a table keyed by the hash of their ASCII-lower-cased text, which
 * an ASCII value computes on the fly, without a copy. A value with a non-ASCII char tries those patterns one by
 * one, as {@link Wildcards#matches} decides them (a non-ASCII char may fold to an ASCII one). The rest are tried
 * in order, except that, of {@link #MIN_SCANNED} or more patterns that search the value ({@code *x*},
 * {@code a*b?c}), only those whose longest literal run occurs in it are tried when the value is long enough to
 * make trying them all dear: one pass of a {@link SubstringAutomaton} over the value finds those runs, whatever
 * their number ({@code *x*} itself is decided by its run occurring). Immutable and thread-safe.
 */
public final class WildcardSet {

    /** Below this many patterns of a kind, trying each costs less than hashing the value. */
    static final int MIN_HASHED = 4;
    /** Below this many searching patterns, trying each is cheap enough on any value. */
    static final int MIN_SCANNED = 8;

    private final Wildcards[] others;
    /** Case-sensitive patterns without wildcards, by their text; null when they are among {@link #others}. */
    private final Set<String> exact;
    /** Case-insensitive ASCII patterns without wildcards: open addressing, slot to (folded hash, pattern). */
    private final int[] hashes;

    private final Wildcards[] slots;
    /** The same patterns, for a value that is not ASCII; null when they are among {@link #others}. */
    private final Wildcards[] folded;
    /** Searching patterns with a literal run, found through {@link #runs}; empty when they are among {@link #others}. */
    private final Wildcards[] searching;
    /** Per searching pattern: it is {@code *run*}, so its run occurring decides it. */
    private final boolean[] contains;
    /** The literal runs of {@link #searching}, by index; null when there are too few such patterns. */
    private final SubstringAutomaton runs;

    private WildcardSet(List<Wildcards> patterns) {
        List<Wildcards> sensitive = new ArrayList<>();
        List<Wildcards> insensitive = new ArrayList<>();
        List<Wildcards> rest = new ArrayList<>();
        for (Wildcards w : patterns) {
            if (w.hasWildcards()) {
                rest.add(w);
            } else if (!w.caseInsensitive()) {
                sensitive.add(w);
            } else if (w.lower != null) {
                insensitive.add(w);
            } else {
                rest.add(w);
            }
        }
        if (sensitive.size() >= MIN_HASHED) {
            exact = new HashSet<>();
            sensitive.forEach(w -> exact.add(w.literal()));
        } else {
            exact = null;
            rest.addAll(sensitive);
        }
        if (insensitive.size() >= MIN_HASHED) {
            int size = Integer.highestOneBit(insensitive.size() * 4 - 1) << 1;
            hashes = new int[size];
            slots = new Wildcards[size];
            for (Wildcards w : insensitive) {
                int h = hash(w.lower);
                int i = spread(h) & (size - 1);
                while (slots[i] != null) {
                    i = (i + 1) & (size - 1);
                }
                hashes[i] = h;
                slots[i] = w;
            }
            folded = insensitive.toArray(Wildcards[]::new);
        } else {
            hashes = null;
            slots = null;
            folded = null;
            rest.addAll(insensitive);
        }
        List<Wildcards> scanned = scanned(rest);
        if (scanned.isEmpty()) {
            searching = new Wildcards[0];
            contains = new boolean[0];
            runs = null;
        } else {
            rest.removeAll(scanned);
            searching = scanned.toArray(Wildcards[]::new);
            contains = new boolean[searching.length];
            for (int i = 0; i < searching.length; i++) {
                contains[i] = searching[i].isContains();
            }
            runs = new SubstringAutomaton(
                    scanned.stream().map(Wildcards::requiredRun).toList(), searching[0].caseInsensitive());
        }
        others = rest.toArray(Wildcards[]::new);
    }

    /**
     * The searching patterns with a literal run, when there are enough of them to be worth an automaton and they
     * agree on case (one automaton folds or does not); else none.
     */
    private static List<Wildcards> scanned(List<Wildcards> patterns) {
        List<Wildcards> searching = patterns.stream()
                .filter(Wildcards::searches)
                .filter(w -> !w.requiredRun().isEmpty())
                .toList();
        boolean oneCase =
                searching.stream().map(Wildcards::caseInsensitive).distinct().count() == 1;
        return searching.size() >= MIN_SCANNED && oneCase ? searching : List.of();
    }

    public static WildcardSet of(List<Wildcards> patterns) {
        return new WildcardSet(patterns);
    }

    /** True when any of the patterns matches the whole of {@code value}. */
    public boolean matches(String value) {
        if (exact != null && exact.contains(value)) {
            return true;
        }
        if (slots != null && matchesFolded(value)) {
            return true;
        }
        for (Wildcards w : others) {
            if (w.matches(value)) {
                return true;
            }
        }
        return runs != null && matchesSearching(value);
    }

    /** The searching patterns: each tried on a short value; on a long one, only those whose run occurs in it. */
    private boolean matchesSearching(String value) {
        int length = value.length();
        if ((long) length * searching.length < Budget.SMALL) {
            for (Wildcards w : searching) {
                if (w.matches(value)) {
                    return true;
                }
            }
            return false;
        }
        if (length >= Budget.SMALL) {
            Budget.charge(length);
        }
        boolean[][] tried = new boolean[1][];
        return runs.scan(value, i -> {
            if (contains[i]) {
                return true;
            }
            if (tried[0] == null) {
                tried[0] = new boolean[searching.length];
            }
            if (tried[0][i]) {
                return false;
            }
            tried[0][i] = true;
            return searching[i].matches(value);
        });
    }

    private boolean matchesFolded(String value) {
        int h = 0;
        for (int i = 0, n = value.length(); i < n; i++) {
            char c = value.charAt(i);
            if (c >= 128) {
                for (Wildcards w : folded) {
                    if (w.matches(value)) {
                        return true;
                    }
                }
                return false;
            }
            h = 31 * h + (c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
        int mask = slots.length - 1;
        for (int i = spread(h) & mask; slots[i] != null; i = (i + 1) & mask) {
            if (hashes[i] == h && slots[i].matches(value)) {
                return true;
            }
        }
        return false;
    }

    /** The hash of an ASCII text already lower-cased, as {@link #matchesFolded} computes it of a value. */
    private static int hash(byte[] lower) {
        int h = 0;
        for (byte b : lower) {
            h = 31 * h + b;
        }
        return h;
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }
}
