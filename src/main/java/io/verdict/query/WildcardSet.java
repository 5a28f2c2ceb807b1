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
 * in order. Immutable and thread-safe.
 */
public final class WildcardSet {

    /** Below this many patterns of a kind, trying each costs less than hashing the value. */
    static final int MIN_HASHED = 4;

    private final Wildcards[] others;
    /** Case-sensitive patterns without wildcards, by their text; null when they are among {@link #others}. */
    private final Set<String> exact;
    /** Case-insensitive ASCII patterns without wildcards: open addressing, slot to (folded hash, pattern). */
    private final int[] hashes;
    private final Wildcards[] slots;
    /** The same patterns, for a value that is not ASCII; null when they are among {@link #others}. */
    private final Wildcards[] folded;

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
        others = rest.toArray(Wildcards[]::new);
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
        return false;
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
