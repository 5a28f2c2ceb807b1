package io.verdict.eql.sequence;

import java.util.List;

/**
 * Estimated heap retained by the objects that state of stateful rules keeps, on a 64-bit HotSpot JVM with compressed
 * references (any heap under 32 GB): 12-byte object headers, 4-byte references, every object rounded up to 8 bytes.
 * The trackers add these up per entry as they remember and forget, so their byte bounds cost a few additions per
 * event. Checked against the heap measured after a full GC with a known number of entries of each kind
 * ({@code StateMemoryCalibration} in the benchmarks). Text is estimated as Latin-1 (one byte a character, as nearly
 * all keys and events are); other text takes twice what is estimated here, which the heap watchdog of the service
 * covers.
 */
public final class Footprint {

    /** A {@code java.lang.String} without its characters: header, hash, coder and the array's reference. */
    private static final int STRING = 24;
    /** An array's header (with its length). */
    private static final int ARRAY = 16;
    /**
     * One entry of a {@code LinkedHashMap} (header, hash, key, value, next, before, after: 40 bytes) and its share
     * of the table: at the default load factor a table holds between 1.33 and 2.67 slots per entry, about 8 bytes.
     */
    public static final int LINKED_ENTRY = 48;
    /** One entry of a {@code HashMap} (header, hash, key, value, next: 32 bytes) and its share of the table. */
    public static final int HASH_ENTRY = 40;
    /** A {@code java.time.Instant}. */
    public static final int INSTANT = 24;
    /** A boxed {@code Long} or {@code Double} (an {@code Integer} below 128 is cached and costs nothing). */
    public static final int BOXED = 16;
    /** An {@code ArrayList} without its array. */
    public static final int ARRAY_LIST = 24;
    /** A {@code HashMap} without its table. */
    public static final int HASH_MAP = 48;
    /** An {@code ArrayDeque} with the array it starts with (17 slots). */
    public static final int ARRAY_DEQUE = 24 + 88;

    private Footprint() {}

    /** {@code bytes} rounded up to the JVM's 8-byte object alignment. */
    public static long align(long bytes) {
        return (bytes + 7) & ~7L;
    }

    /** A string and its characters; 0 for null. */
    public static long string(String s) {
        return s == null ? 0 : STRING + align(ARRAY + (long) s.length());
    }

    /** An array of {@code n} references (not what they refer to). */
    public static long references(int n) {
        return align(ARRAY + 4L * n);
    }

    /** An array of {@code n} longs. */
    public static long longs(int n) {
        return align(ARRAY + 8L * n);
    }

    /**
     * An immutable list of strings as {@code List.of}/{@code List.copyOf} make it (a small object for one or two
     * elements, else an object and an array) with its strings.
     */
    public static long strings(List<String> values) {
        long bytes = values.size() <= 2 ? 24 : 24 + references(values.size());
        for (int i = 0, n = values.size(); i < n; i++) {
            bytes += string(values.get(i));
        }
        return bytes;
    }

    /** A join-key value: a string, a boxed number, an instant or a boolean (cached: nothing). */
    static long value(Object v) {
        if (v == null || v instanceof Boolean) {
            return 0;
        }
        if (v instanceof String s) {
            return string(s);
        }
        if (v instanceof java.time.Instant) {
            return INSTANT;
        }
        if (v instanceof java.math.BigInteger b) {
            return 40 + align(ARRAY + b.bitLength() / 8 + 4);
        }
        return BOXED;
    }
}
