package io.verdict.event;

import java.util.Arrays;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
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
 * materialised. Written by one thread while parsing, read-only afterwards (published through {@link Event}'s final
 * field).
 *
 * <p>Storage is flat arrays: an open-addressing table from slot to the first and last value index, a chain of
 * value indexes, and per slot a flag for "written as an array". Nothing is allocated per lookup.
 */
final class FlatView {

    /** Table entry layout: slot + 1 (0 = free), first value, last value, flags. */
    private static final int STRIDE = 4;
    /** Flags: the document has the field's whole name as a key; that key's value is an array; the value at the
     * nested path (single-segment keys, no array above) is an array. */
    private static final int DIRECT = 1;
    private static final int DIRECT_ARRAY = 2;
    private static final int NESTED_ARRAY = 4;

    private int[] table = new int[32 * STRIDE];
    private int used;
    private JsonNode[] values = new JsonNode[16];
    private int[] next = new int[16];
    private int count;
    /** A dotted key led to a kept field: value order may then differ from the tree's (see {@link Event}). */
    private boolean dotted;

    private FlatView() {
    }

    /** Reads the object the parser is on (its START_OBJECT is the current token) to its END_OBJECT. */
    static FlatView read(JsonParser parser, FieldSet fields) {
        FlatView view = new FlatView();
        view.object(parser, fields.root(), true, true);
        return view;
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
        int flags = table[at + 3];
        return (flags & DIRECT) != 0 ? (flags & DIRECT_ARRAY) != 0 : (flags & NESTED_ARRAY) != 0;
    }

    // --- parsing -------------------------------------------------------------------------------------------

    /**
     * An object's keys. {@code top}: the object is the document (a key here that names a whole field is its
     * direct key); {@code pure}: the route here is single-segment keys only, through no array (the nested path).
     */
    private void object(JsonParser parser, FieldSet.Node node, boolean top, boolean pure) {
        for (String key = parser.nextName(); key != null; key = parser.nextName()) {
            FieldSet.Node child = node.child(key);
            JsonToken token = parser.nextToken();
            if (child == null) {
                parser.skipChildren();
                continue;
            }
            boolean single = key.indexOf('.') < 0;
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
        int at = entry(slot, 0);
        if (table[at + 1] < 0) {
            table[at + 1] = count;
        } else {
            next[table[at + 2]] = count;
        }
        table[at + 2] = count;
        count++;
    }

    /** The table entry of a slot, made when missing, with {@code flags} added. */
    private int entry(int slot, int flags) {
        int at = find(slot);
        if (at < 0) {
            if ((used + 1) * 2 > table.length / STRIDE) {
                grow();
            }
            at = probe(table, slot);
            table[at] = slot + 1;
            table[at + 1] = -1;
            table[at + 2] = -1;
            used++;
        }
        table[at + 3] |= flags;
        return at;
    }

    private int find(int slot) {
        int mask = table.length / STRIDE - 1;
        for (int i = hash(slot) & mask; ; i = (i + 1) & mask) {
            int key = table[i * STRIDE];
            if (key == slot + 1) {
                return i * STRIDE;
            }
            if (key == 0) {
                return -1;
            }
        }
    }

    /** The free entry a slot goes to in {@code into}. */
    private static int probe(int[] into, int slot) {
        int mask = into.length / STRIDE - 1;
        int i = hash(slot) & mask;
        while (into[i * STRIDE] != 0) {
            i = (i + 1) & mask;
        }
        return i * STRIDE;
    }

    private void grow() {
        int[] bigger = new int[table.length * 2];
        for (int at = 0; at < table.length; at += STRIDE) {
            if (table[at] != 0) {
                System.arraycopy(table, at, bigger, probe(bigger, table[at] - 1), STRIDE);
            }
        }
        table = bigger;
    }

    private static int hash(int slot) {
        return slot * 0x9E3779B9 >>> 16 ^ slot;
    }
}
