package io.verdict.query;

import java.util.List;

/**
 * Lower-case ASCII keys found by a text's lower-cased form without building it: for an ASCII text, case-folding
 * char by char ({@link String#equalsIgnoreCase}'s fold) and {@code toLowerCase(Locale.ROOT)} both give its ASCII
 * lower-case form, so its hash and its comparison with a key can fold each char on the way, with no copy and no
 * hashing of a new string. A text with a char from 128 up is not judged ({@link #NOT_ASCII}): the caller folds it
 * as before. Immutable and thread-safe.
 */
public final class LowerAsciiKeys {

    /** {@link #find}: no key is the text's lower-cased form. */
    public static final int ABSENT = -1;
    /** {@link #find}: the text has a non-ASCII char, which only a full fold can judge. */
    public static final int NOT_ASCII = -2;

    private final String[] slots;
    private final int[] hashes;
    private final int[] ids;

    /**
     * Keys by their position in {@code keys}; a key that is not lower-case ASCII is left out (no ASCII text
     * lower-cases to it).
     */
    public LowerAsciiKeys(List<String> keys) {
        int size = Integer.highestOneBit(Math.max(2, keys.size()) * 4 - 1) << 1;
        slots = new String[size];
        hashes = new int[size];
        ids = new int[size];
        for (int id = 0; id < keys.size(); id++) {
            String key = keys.get(id);
            if (!lowerAscii(key)) {
                continue;
            }
            int i = spread(key.hashCode()) & (size - 1);
            while (slots[i] != null) {
                i = (i + 1) & (size - 1);
            }
            slots[i] = key;
            hashes[i] = key.hashCode();
            ids[i] = id;
        }
    }

    /** The position of the key the text lower-cases to, {@link #ABSENT}, or {@link #NOT_ASCII}. */
    public int find(String text) {
        int h = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c >= 128) {
                return NOT_ASCII;
            }
            h = 31 * h + (c >= 'A' && c <= 'Z' ? c + 32 : c); // String.hashCode of the lower-cased text
        }
        int mask = slots.length - 1;
        for (int i = spread(h) & mask; slots[i] != null; i = (i + 1) & mask) {
            if (hashes[i] == h && sameLowered(slots[i], text)) {
                return ids[i];
            }
        }
        return ABSENT;
    }

    private static boolean sameLowered(String key, String text) {
        if (key.length() != text.length()) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = text.charAt(i);
            if (key.charAt(i) != (c >= 'A' && c <= 'Z' ? c + 32 : c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean lowerAscii(String key) {
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c >= 128 || c >= 'A' && c <= 'Z') {
                return false;
            }
        }
        return true;
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }
}
