package io.verdict.event;

import java.nio.charset.StandardCharsets;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.StringNode;

/**
 * The values of the fields of one {@link FieldSet} in one event, read in a single pass over its JSON bytes
 * ({@link FlatScanner}) or tokens ({@link FlatReader}): slot of a field → its values in document order.
 * Subtrees no field of the set can lie under are skipped, never materialised. Built whole by the parsing thread,
 * its arrays final (and published through {@link Event}'s final field); the one change after is a string value
 * decoded on its first read, in place (see {@link #value}).
 *
 * <p>Storage is flat arrays of exactly the event's size: a bitmap of the slots the event has (up to the highest),
 * so that a field it lacks (most of those the rules probe) costs one bit test; per slot present, its flags
 * ("written as an array") and first value index, found by the slot's rank in the bitmap; the values, and a chain of
 * value indexes. The parse itself works in
 * per-thread arrays ({@link FlatReader}), so an event allocates only what it keeps. Read from a byte array, string
 * values are kept as their spans in it and decoded on first read (most are never read); after that nothing is
 * allocated per lookup.
 */
final class FlatView {

    /** Flags: the document has the field's whole name as a key; that key's value is an array; the value at the
     * nested path (single-segment keys, no array above) is an array. */
    static final int DIRECT = 1;

    static final int DIRECT_ARRAY = 2;
    static final int NESTED_ARRAY = 4;
    static final int FLAG_BITS = 3;

    /**
     * Two longs per 64 slots: at {@code 2 * (slot / 64)} a bitmap (bit {@code slot % 64}: the event has a value or
     * a flag for the slot), beside it how many slots the words before hold (the rank of the word's first).
     */
    private final long[] present;
    /** Per present slot, by rank: (first value index + 1) << FLAG_BITS | flags. */
    private final int[] entries;

    private final JsonNode[] values;
    /** Per value, the index of the slot's next value or -1. */
    private final int[] next;
    /** A dotted key led to a kept field: value order may then differ from the tree's (see {@link Event}). */
    private final boolean dotted;
    /**
     * The JSON the event was read from, and per value its string's span there (from, to; to as {@code ~to} when
     * it holds escapes), when strings were kept undecoded: such a value is null in {@link #values} until read.
     */
    private final byte[] source;

    private final int[] spans;

    FlatView(long[] present, int[] entries, JsonNode[] values, int[] next, boolean dotted, byte[] source, int[] spans) {
        this.present = present;
        this.entries = entries;
        this.values = values;
        this.next = next;
        this.dotted = dotted;
        this.source = source;
        this.spans = spans;
    }

    /** Reads the object the parser is on (its START_OBJECT is the current token) to its END_OBJECT. */
    static FlatView read(JsonParser parser, FieldSet fields) {
        return read(parser, fields, null);
    }

    /**
     * As {@link #read(JsonParser, FieldSet)}, for a parser over the whole of {@code source} (from offset 0): the
     * string values are kept as their spans in it and decoded when first read, since most are never read.
     */
    static FlatView read(JsonParser parser, FieldSet fields, byte[] source) {
        return FlatReader.read(parser, fields, source);
    }

    boolean dotted() {
        return dotted;
    }

    /** Index of the slot's first value, or -1; the next ones follow through {@link #next(int)}. */
    int first(int slot) {
        int at = find(slot);
        return at < 0 ? -1 : (entries[at] >> FLAG_BITS) - 1;
    }

    int next(int index) {
        return next[index];
    }

    JsonNode value(int index) {
        JsonNode value = values[index];
        if (value == null) {
            // a string kept as its span; two threads may both decode it, and either's node is the same value
            // (StringNode is immutable, its field final, so a node seen through the array is seen whole)
            int to = spans[index * 2 + 1];
            int from = spans[index * 2];
            value = StringNode.valueOf(
                    to >= 0
                            ? new String(source, from, to - from, StandardCharsets.UTF_8)
                            : JsonStrings.unescape(source, from, ~to));
            values[index] = value;
        }
        return value;
    }

    /** More than one value: their order is the tree's only when no dotted key was involved. */
    boolean several(int slot) {
        int first = first(slot);
        return first >= 0 && next[first] >= 0;
    }

    /** See {@link Event#writtenAsArray}: the direct key's value is an array, else the nested path's value is. */
    boolean writtenAsArray(int slot) {
        int at = find(slot);
        if (at < 0) {
            return false;
        }
        int flags = entries[at];
        return (flags & DIRECT) != 0 ? (flags & DIRECT_ARRAY) != 0 : (flags & NESTED_ARRAY) != 0;
    }

    /** The slot's flags ({@link #DIRECT} ...), or -1 when the event has neither a value nor a flag for it. */
    int flags(int slot) {
        int at = find(slot);
        return at < 0 ? -1 : entries[at] & (1 << FLAG_BITS) - 1;
    }

    /** How many values the event keeps (indexes 0 to size - 1, in document order). */
    int size() {
        return values.length;
    }

    /** The slot's index in {@link #entries}, or -1 when the event has nothing for it. */
    private int find(int slot) {
        int at = slot >>> 6 << 1;
        if (at >= present.length) {
            return -1;
        }
        long bits = present[at];
        long bit = 1L << slot;
        if ((bits & bit) == 0) {
            return -1;
        }
        return (int) present[at + 1] + Long.bitCount(bits & bit - 1);
    }
}
