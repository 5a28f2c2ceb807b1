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
 * Reads the kept values of one event into a {@link FlatView}, in working arrays reused by the thread: per slot of
 * the field set (indexed directly, no hashing) its first and last value and flags, the slots touched in order,
 * and the values with their chain. {@link #view()} copies what the event keeps into exact-size arrays;
 * {@link #clear()} resets only the touched slots. One per thread, never shared.
 */
final class FlatReader {

    private static final int[] NO_INTS = {};
    private static final long[] NO_LONGS = {};
    private static final JsonNode[] NO_VALUES = {};
    /** Working arrays longer than this are dropped after the parse that grew them. */
    private static final int MAX_KEPT = 4096;

    private static final ThreadLocal<FlatReader> READERS = ThreadLocal.withInitial(FlatReader::new);

    private int[] first = NO_INTS;
    private int[] last = NO_INTS;
    private int[] flagsOf = NO_INTS;
    private int[] touched = new int[64];
    private int used;
    private JsonNode[] values = new JsonNode[64];
    private int[] next = new int[64];
    /** Per value, from and to of a string kept as its span (see {@link FlatView#spans}). */
    private int[] spans = new int[128];

    private int spanned;
    private byte[] source;
    private int maxString;
    private int count;
    private boolean dotted;

    private FlatReader() {}

    /** See {@link FlatView#read(JsonParser, FieldSet, byte[])}; {@code source} may be null. */
    static FlatView read(JsonParser parser, FieldSet fields, byte[] source) {
        FlatReader reader = READERS.get();
        reader.start(fields.size(), source, parser.streamReadConstraints().getMaxStringLength());
        try {
            reader.object(parser, fields.root(), true, true);
            return reader.view();
        } finally {
            reader.clear();
        }
    }

    /** The calling thread's reader; for {@link FlatScanner}, which fills it as {@link #read} does. */
    static FlatReader forThread() {
        return READERS.get();
    }

    void start(int slots, byte[] source, int maxString) {
        this.source = source;
        this.maxString = maxString;
        if (first.length < slots) {
            first = new int[slots];
            last = new int[slots];
            flagsOf = new int[slots];
            Arrays.fill(first, -1);
        }
    }

    FlatView view() {
        if (used == 0) {
            return new FlatView(NO_LONGS, NO_INTS, NO_VALUES, NO_INTS, dotted, null, null);
        }
        int highest = 0;
        for (int t = 0; t < used; t++) {
            highest = Math.max(highest, touched[t]);
        }
        long[] present = new long[((highest >>> 6) + 1) * 2];
        for (int t = 0; t < used; t++) {
            present[touched[t] >>> 6 << 1] |= 1L << touched[t];
        }
        for (int w = 2; w < present.length; w += 2) {
            present[w + 1] = present[w - 1] + Long.bitCount(present[w - 2]);
        }
        int[] entries = new int[used];
        for (int t = 0; t < used; t++) {
            int slot = touched[t];
            int at = slot >>> 6 << 1;
            entries[(int) present[at + 1] + Long.bitCount(present[at] & (1L << slot) - 1)] =
                    (first[slot] + 1) << FlatView.FLAG_BITS | flagsOf[slot];
        }
        return new FlatView(
                present,
                entries,
                Arrays.copyOf(values, count),
                Arrays.copyOf(next, count),
                dotted,
                spanned == 0 ? null : source,
                spanned == 0 ? null : Arrays.copyOf(spans, count * 2));
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
            spans = new int[128];
        }
        if (touched.length > MAX_KEPT) {
            touched = new int[64];
        }
        used = 0;
        count = 0;
        spanned = 0;
        source = null;
        dotted = false;
    }

    /**
     * An object's keys. {@code top}: the object is the document (a key here that names a whole field is its
     * direct key); {@code pure}: the route here is single-segment keys only, through no array (the nested
     * path).
     */
    private void object(JsonParser parser, FieldSet.Node node, boolean top, boolean pure) {
        PropertyNameMatcher matcher = node.matcher();
        if (matcher == null) {
            skip(parser, JsonToken.START_OBJECT);
            return;
        }
        for (int match = parser.nextNameMatch(matcher);
                match != PropertyNameMatcher.MATCH_END_OBJECT;
                match = parser.nextNameMatch(matcher)) {
            if (match == PropertyNameMatcher.MATCH_ODD_TOKEN) {
                throw new IllegalStateException("not a key in an object: " + parser.currentToken());
            }
            JsonToken token = parser.nextToken();
            if (match < 0) { // a key the set does not hold
                skip(parser, token);
                continue;
            }
            FieldSet.Node child = node.child(match);
            boolean single = !node.dotted(match);
            dotted |= !single;
            if (child.slot() >= 0) {
                int array = token == JsonToken.START_ARRAY ? 1 : 0;
                int flags = (top ? FlatView.DIRECT | array * FlatView.DIRECT_ARRAY : 0)
                        | (pure && single ? array * FlatView.NESTED_ARRAY : 0);
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
                    skip(parser, token);
                } else {
                    object(parser, node, false, pure);
                }
            }
            case START_ARRAY -> {
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    value(parser, t, node, false);
                }
            }
            case VALUE_NULL -> {}
            default -> {
                if (node.slot() >= 0) {
                    if (token != JsonToken.VALUE_STRING || source == null || !addSpan(parser, node.slot())) {
                        add(node.slot(), scalar(parser, token));
                    }
                }
            }
        }
    }

    /**
     * Skips the value the parser is on, decoding its strings: Jackson skips a string undecoded, unchecked against
     * the limit on a string's length, which the tree built later from the same bytes would then fail on.
     */
    private static void skip(JsonParser parser, JsonToken token) {
        int depth = 0;
        while (true) {
            if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                depth++;
            } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                depth--;
            } else if (token == JsonToken.VALUE_STRING) {
                parser.getString(); // decoding as a String is what checks the length
            }
            if (depth == 0) {
                return;
            }
            token = parser.nextToken();
            if (token == null) { // Jackson reports an unclosed container itself; this is for other token sources
                return;
            }
        }
    }

    /** The node Jackson's tree reader makes of a scalar token, so that both views hold equal values. */
    private static JsonNode scalar(JsonParser parser, JsonToken token) {
        return switch (token) {
            case VALUE_STRING -> StringNode.valueOf(parser.getString());
            case VALUE_NUMBER_INT ->
                switch (parser.getNumberType()) {
                    case INT -> IntNode.valueOf(parser.getIntValue());
                    case LONG -> LongNode.valueOf(parser.getLongValue());
                    default -> BigIntegerNode.valueOf(parser.getBigIntegerValue());
                };
            case VALUE_NUMBER_FLOAT ->
                parser.getNumberType() == JsonParser.NumberType.BIG_DECIMAL
                        ? DecimalNode.valueOf(parser.getDecimalValue())
                        : DoubleNode.valueOf(parser.getDoubleValue());
            case VALUE_TRUE -> BooleanNode.TRUE;
            case VALUE_FALSE -> BooleanNode.FALSE;
            default -> throw new IllegalStateException("not a scalar: " + token);
        };
    }

    /**
     * Adds the string the parser is on as its span in the source, leaving the parser to skip it (which still
     * checks it: escapes, UTF-8, control characters); false when it must be decoded now instead: a span not
     * found as expected, or longer in bytes than the limit on a string's length, which decoding enforces.
     */
    private boolean addSpan(JsonParser parser, int slot) {
        long quote = parser.currentTokenLocation().getByteOffset();
        if (quote < 0 || quote >= source.length || source[(int) quote] != '"') {
            return false;
        }
        int from = (int) quote + 1;
        int to = from;
        boolean escaped = false;
        while (to < source.length && source[to] != '"') {
            if (source[to] == '\\') {
                escaped = true;
                to += 2;
            } else {
                to++;
            }
        }
        if (to >= source.length || to - from > maxString) {
            return false;
        }
        addSpan(slot, from, to, escaped);
        return true;
    }

    /** A string value kept as its span {@code source[from, to)} between its quotes, decoded when first read. */
    void addSpan(int slot, int from, int to, boolean escaped) {
        add(slot, null);
        spans[count * 2 - 2] = from;
        spans[count * 2 - 1] = escaped ? ~to : to;
        spanned++;
    }

    /** A dotted key led to a kept field (see {@link FlatView#dotted()}). */
    void markDotted() {
        dotted = true;
    }

    void add(int slot, JsonNode value) {
        if (count == values.length) {
            values = Arrays.copyOf(values, count * 2);
            next = Arrays.copyOf(next, count * 2);
            spans = Arrays.copyOf(spans, count * 4);
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
    void entry(int slot, int flag) {
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
