package io.verdict.event;

import java.util.Arrays;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.sym.PropertyNameMatcher;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.BigIntegerNode;
import tools.jackson.databind.node.BooleanNode;
import tools.jackson.databind.node.DecimalNode;
import tools.jackson.databind.node.DoubleNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.LongNode;
import tools.jackson.databind.node.StringNode;

/**
 * The values of the fields of one {@link FieldSet} in one event, read in a single pass over its JSON tokens: slot
 * of a field → its values in document order. Subtrees no field of the set can lie under are skipped, never
 * materialised. Immutable: built whole by the parsing thread, its arrays final (and published through
 * {@link Event}'s final field).
 *
 * <p>Storage is flat arrays of exactly the event's size: an open-addressing table from slot to its flags ("written
 * as an array") and first value index, the values, and a chain of value indexes. The parse itself works in
 * per-thread arrays ({@link Scratch}), so an event allocates only what it keeps. Nothing is allocated per lookup.
 */
final class FlatView {

    /** Flags: the document has the field's whole name as a key; that key's value is an array; the value at the
     * nested path (single-segment keys, no array above) is an array. */
    private static final int DIRECT = 1;
    private static final int DIRECT_ARRAY = 2;
    private static final int NESTED_ARRAY = 4;
    private static final int FLAG_BITS = 3;
    private static final int[] NO_INTS = {};
    private static final JsonNode[] NO_VALUES = {};
    /** Working arrays longer than this are dropped after the parse that grew them. */
    private static final int MAX_KEPT = 4096;

    /** The parse's working arrays, one set per thread, reused: an event then allocates its exact arrays only. */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** Open addressing, two ints an entry: (slot + 1) << FLAG_BITS | flags (0 = free), first value or -1. */
    private final int[] table;
    private final JsonNode[] values;
    /** Per value, the index of the slot's next value or -1. */
    private final int[] next;
    /** A dotted key led to a kept field: value order may then differ from the tree's (see {@link Event}). */
    private final boolean dotted;

    private FlatView(int[] table, JsonNode[] values, int[] next, boolean dotted) {
        this.table = table;
        this.values = values;
        this.next = next;
        this.dotted = dotted;
    }

    /** Reads the object the parser is on (its START_OBJECT is the current token) to its END_OBJECT. */
    static FlatView read(JsonParser parser, FieldSet fields) {
        Scratch scratch = SCRATCH.get();
        scratch.start(fields.size());
        try {
            scratch.object(parser, fields.root(), true, true);
            return scratch.view();
        } finally {
            scratch.clear();
        }
    }

    boolean dotted() {
        return dotted;
    }

    /** Index of the slot's first value, or -1; the next ones follow through {@link #next(int)}. */
    int first(int slot) {
        int at = find(slot);
        return at < 0 ? -1 : table[at + 1];
    }

    int next(int index) {
        return next[index];
    }

    JsonNode value(int index) {
        return values[index];
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
        int flags = table[at];
        return (flags & DIRECT) != 0 ? (flags & DIRECT_ARRAY) != 0 : (flags & NESTED_ARRAY) != 0;
    }

    private int find(int slot) {
        if (table.length == 0) {
            return -1;
        }
        int mask = table.length / 2 - 1;
        for (int i = hash(slot) & mask; ; i = (i + 1) & mask) {
            int key = table[i * 2] >>> FLAG_BITS;
            if (key == slot + 1) {
                return i * 2;
            }
            if (key == 0) {
                return -1;
            }
        }
    }

    private static int hash(int slot) {
        return slot * 0x9E3779B9 >>> 16 ^ slot;
    }

    /**
     * The working state of one parse: per slot of the field set (indexed directly, no hashing) its first and
     * last value and flags, the slots touched in order, and the values with their chain. {@link #view()} copies
     * what the event needs into exact-size arrays; {@link #clear()} resets only the touched slots.
     */
    private static final class Scratch {
        private int[] first = NO_INTS;
        private int[] last = NO_INTS;
        private int[] flagsOf = NO_INTS;
        private int[] touched = new int[64];
        private int used;
        private JsonNode[] values = new JsonNode[64];
        private int[] next = new int[64];
        private int count;
        private boolean dotted;

        void start(int slots) {
            if (first.length < slots) {
                first = new int[slots];
                last = new int[slots];
                flagsOf = new int[slots];
                Arrays.fill(first, -1);
            }
        }

        FlatView view() {
            if (used == 0) {
                return new FlatView(NO_INTS, NO_VALUES, NO_INTS, dotted);
            }
            int[] table = new int[Integer.highestOneBit(used * 2 - 1) * 4];
            int mask = table.length / 2 - 1;
            for (int t = 0; t < used; t++) {
                int slot = touched[t];
                int i = hash(slot) & mask;
                while (table[i * 2] != 0) {
                    i = (i + 1) & mask;
                }
                table[i * 2] = (slot + 1) << FLAG_BITS | flagsOf[slot];
                table[i * 2 + 1] = first[slot];
            }
            return new FlatView(table, Arrays.copyOf(values, count), Arrays.copyOf(next, count), dotted);
        }

        void clear() {
            for (int t = 0; t < used; t++) {
                int slot = touched[t];
                first[slot] = -1;
                flagsOf[slot] = 0;
            }
            Arrays.fill(values, 0, count, null); // hold no event's values past its parse
            if (values.length > MAX_KEPT) { // a huge event does not pin its arrays to the thread
                values = new JsonNode[64];
                next = new int[64];
            }
            if (touched.length > MAX_KEPT) {
                touched = new int[64];
            }
            used = 0;
            count = 0;
            dotted = false;
        }

        /**
         * An object's keys. {@code top}: the object is the document (a key here that names a whole field is its
         * direct key); {@code pure}: the route here is single-segment keys only, through no array (the nested
         * path).
         */
        void object(JsonParser parser, FieldSet.Node node, boolean top, boolean pure) {
            PropertyNameMatcher matcher = node.matcher();
            if (matcher == null) {
                parser.skipChildren();
                return;
            }
            for (int match = parser.nextNameMatch(matcher); match != PropertyNameMatcher.MATCH_END_OBJECT;
                    match = parser.nextNameMatch(matcher)) {
                if (match == PropertyNameMatcher.MATCH_ODD_TOKEN) {
                    throw new IllegalStateException("not a key in an object: " + parser.currentToken());
                }
                JsonToken token = parser.nextToken();
                if (match < 0) { // a key the set does not hold
                    parser.skipChildren();
                    continue;
                }
                FieldSet.Node child = node.child(match);
                boolean single = !node.dotted(match);
                dotted |= !single;
                if (child.slot() >= 0) {
                    int array = token == JsonToken.START_ARRAY ? 1 : 0;
                    int flags = (top ? DIRECT | array * DIRECT_ARRAY : 0) | (pure && single ? array * NESTED_ARRAY : 0);
                    if (flags != 0) {
                        entry(child.slot(), flags);
                    }
                }
                value(parser, token, child, pure && single);
            }
        }

        private void value(JsonParser parser, JsonToken token, FieldSet.Node node, boolean pure) {
            switch (token) {
                case START_OBJECT -> {
                    if (node.leaf()) {
                        parser.skipChildren();
                    } else {
                        object(parser, node, false, pure);
                    }
                }
                case START_ARRAY -> {
                    for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                        value(parser, t, node, false);
                    }
                }
                case VALUE_NULL -> {
                }
                default -> {
                    if (node.slot() >= 0) {
                        add(node.slot(), scalar(parser, token));
                    }
                }
            }
        }

        /** The node Jackson's tree reader makes of a scalar token, so that both views hold equal values. */
        private static JsonNode scalar(JsonParser parser, JsonToken token) {
            return switch (token) {
                case VALUE_STRING -> StringNode.valueOf(parser.getString());
                case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                    case INT -> IntNode.valueOf(parser.getIntValue());
                    case LONG -> LongNode.valueOf(parser.getLongValue());
                    default -> BigIntegerNode.valueOf(parser.getBigIntegerValue());
                };
                case VALUE_NUMBER_FLOAT -> parser.getNumberType() == JsonParser.NumberType.BIG_DECIMAL
                        ? DecimalNode.valueOf(parser.getDecimalValue()) : DoubleNode.valueOf(parser.getDoubleValue());
                case VALUE_TRUE -> BooleanNode.TRUE;
                case VALUE_FALSE -> BooleanNode.FALSE;
                default -> throw new IllegalStateException("not a scalar: " + token);
            };
        }

        private void add(int slot, JsonNode value) {
            if (count == values.length) {
                values = Arrays.copyOf(values, count * 2);
                next = Arrays.copyOf(next, count * 2);
            }
            values[count] = value;
            next[count] = -1;
            touch(slot);
            if (first[slot] < 0) {
                first[slot] = count;
            } else {
                next[last[slot]] = count;
            }
            last[slot] = count;
            count++;
        }

        /** Adds flags to a slot, noting it as touched. */
        private void entry(int slot, int flag) {
            touch(slot);
            flagsOf[slot] |= flag;
        }

        private void touch(int slot) {
            if (first[slot] < 0 && flagsOf[slot] == 0) {
                if (used == touched.length) {
                    touched = Arrays.copyOf(touched, used * 2);
                }
                touched[used++] = slot;
            }
        }
    }
}
