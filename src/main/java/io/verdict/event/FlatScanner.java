package io.verdict.event;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.BooleanNode;

/**
 * Reads an event's UTF-8 JSON into the same {@link FlatView} as {@link FlatReader} does, straight from the bytes,
 * without Jackson's tokens: keys are matched on their raw bytes ({@link FieldSet.Node#match}), and a subtree no
 * field can lie under is skipped by a tight loop that jumps strings to their closing quote (8 bytes a step) and
 * counts brackets, while still checking that it is JSON.
 *
 * <p>It accepts strict JSON only (RFC 8259, valid UTF-8, unescaped keys, nesting
 * and lengths below the mapper's {@link StreamReadConstraints}) and <em>gives up</em> on anything else, returning
 * null: the caller then reads the event with Jackson ({@link FlatReader}), so malformed input fails with Jackson's
 * own error and rare forms are read as Jackson reads them. Every check is at least as strict as Jackson's, so
 * what it accepts Jackson accepts too, with the same view. One per thread (its state is the input being read).
 */
final class FlatScanner {

    /** What a step returns when it gives up. */
    private static final int GIVE_UP = -1;

    private static final ThreadLocal<FlatScanner> SCANNERS = ThreadLocal.withInitial(FlatScanner::new);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private byte[] json;
    private int end;
    private FlatReader reader;
    private int depth;
    private int maxDepth;
    private int maxString;
    private int maxName;
    private int maxNumber;
    /** Set by {@link #string}: the string just read holds escapes. */
    private boolean escaped;

    private FlatScanner() {}

    /**
     * The view of the event in {@code json} as {@link FlatReader} would read it with {@code mapper}'s factory, or
     * null when the scanner gives up (malformed or unusual input, or a factory it cannot stand in for).
     */
    static FlatView scan(ObjectMapper mapper, byte[] json, FieldSet fields) {
        TokenStreamFactory factory = mapper.tokenStreamFactory();
        // a plain JSON factory: no input decorator, duplicates allowed (the lenient JsonReadFeatures only widen
        // what Jackson accepts, and the scanner gives up on all they allow)
        if (factory.getClass() != JsonFactory.class
                || ((JsonFactory) factory).getInputDecorator() != null
                || factory.isEnabled(StreamReadFeature.STRICT_DUPLICATE_DETECTION)) {
            return null;
        }
        StreamReadConstraints limits = factory.streamReadConstraints();
        if (limits.getMaxTokenCount() > 0
                || limits.getMaxDocumentLength() > 0 && json.length > limits.getMaxDocumentLength()) {
            return null;
        }
        return SCANNERS.get()
                .run(json, fields, limits, mapper.isEnabled(DeserializationFeature.FAIL_ON_TRAILING_TOKENS));
    }

    private FlatView run(byte[] json, FieldSet fields, StreamReadConstraints limits, boolean nothingAfter) {
        this.json = json;
        this.end = json.length;
        this.depth = 0;
        // one below each limit, so that a value at a limit takes Jackson's path (which decides it)
        this.maxDepth = limits.getMaxNestingDepth();
        this.maxString = limits.getMaxStringLength() - 1;
        this.maxName = limits.getMaxNameLength() - 1;
        this.maxNumber = limits.getMaxNumberLength() - 1;
        reader = FlatReader.forThread();
        reader.start(fields.size(), json, maxString);
        try {
            // Jackson detects a BOM or UTF-16/32 from the first four bytes: a BOM is not '{' or whitespace, and
            // UTF-16/32 needs a zero byte there
            for (int i = 0; i < Math.min(4, end); i++) {
                if (json[i] == 0) {
                    return null;
                }
            }
            int p = whitespace(0);
            if (p >= end || json[p] != '{') {
                return null;
            }
            p = object(p + 1, fields.root(), true, true);
            if (p < 0 || nothingAfter && whitespace(p) != end) {
                return null;
            }
            return reader.view();
        } finally {
            reader.clear();
            reader = null;
            this.json = null;
        }
    }

    // ---- kept structure: what FlatReader.object / value do over tokens ----

    /**
     * object := '{' ws ( '}' | key ws ':' ws value ws ( ',' ws key ... )* '}' ), from just after its '{'.
     * {@code top} and {@code pure} as in {@link FlatReader}.
     */
    private int object(int p, FieldSet.Node node, boolean top, boolean pure) {
        if (node.leaf()) {
            return skip(p - 1);
        }
        if (++depth >= maxDepth) {
            return GIVE_UP;
        }
        byte[] in = json;
        p = whitespace(p);
        if (p < end && in[p] == '}') {
            depth--;
            return p + 1;
        }
        while (true) {
            if (p >= end || in[p] != '"') {
                return GIVE_UP;
            }
            int from = p + 1;
            int to = string(from);
            if (to < 0 || escaped) { // escaped keys take Jackson's path
                return GIVE_UP;
            }
            if (to - from > maxName) {
                return GIVE_UP;
            }
            int hash = keyHash(in, from, to);
            p = whitespace(to + 1);
            if (p >= end || in[p] != ':') {
                return GIVE_UP;
            }
            p = whitespace(p + 1);
            if (p >= end) {
                return GIVE_UP;
            }
            int match = node.match(in, from, to, hash);
            if (match < 0) {
                p = skip(p);
            } else {
                FieldSet.Node child = node.child(match);
                boolean single = !node.dotted(match);
                if (!single) {
                    reader.markDotted();
                }
                if (child.slot() >= 0) {
                    int array = in[p] == '[' ? 1 : 0;
                    int flags = (top ? FlatView.DIRECT | array * FlatView.DIRECT_ARRAY : 0)
                            | (pure && single ? array * FlatView.NESTED_ARRAY : 0);
                    if (flags != 0) {
                        reader.entry(child.slot(), flags);
                    }
                }
                p = value(p, child, pure && single);
            }
            p = afterMember(p, '}');
            if (p < GIVE_UP) {
                return ~p;
            }
            if (p == GIVE_UP) {
                return GIVE_UP;
            }
        }
    }

    /**
     * After a member or element that ended at {@code p} (negative: it gave up): past a comma, the position of the
     * next one; past {@code close}, {@code ~} the position after it (the container is done); else {@link #GIVE_UP}.
     */
    private int afterMember(int p, char close) {
        if (p < 0) {
            return GIVE_UP;
        }
        p = whitespace(p);
        if (p >= end) {
            return GIVE_UP;
        }
        if (json[p] == ',') {
            return whitespace(p + 1);
        }
        if (json[p] == close) {
            depth--;
            return ~(p + 1);
        }
        return GIVE_UP;
    }

    /** A value under a key the set holds ({@code p} on its first byte): objects walked, arrays flattened. */
    private int value(int p, FieldSet.Node node, boolean pure) {
        byte[] in = json;
        int slot = node.slot();
        switch (in[p]) {
            case '{' -> {
                return object(p + 1, node, false, pure);
            }
            case '[' -> {
                if (++depth >= maxDepth) {
                    return GIVE_UP;
                }
                p = whitespace(p + 1);
                if (p < end && in[p] == ']') {
                    depth--;
                    return p + 1;
                }
                while (true) {
                    if (p >= end) {
                        return GIVE_UP;
                    }
                    p = afterMember(value(p, node, false), ']');
                    if (p < GIVE_UP) {
                        return ~p;
                    }
                    if (p == GIVE_UP) {
                        return GIVE_UP;
                    }
                }
            }
            case '"' -> {
                int to = string(p + 1);
                if (to >= 0 && slot >= 0) {
                    reader.addSpan(slot, p + 1, to, escaped);
                }
                return to < 0 ? GIVE_UP : to + 1;
            }
            case 't' -> {
                return keep(slot, literal(p, 'r', 'u', 'e', ' '), BooleanNode.TRUE);
            }
            case 'f' -> {
                return keep(slot, literal(p, 'a', 'l', 's', 'e'), BooleanNode.FALSE);
            }
            case 'n' -> {
                return literal(p, 'u', 'l', 'l', ' '); // null is no value
            }
            default -> {
                return number(p, slot);
            }
        }
    }

    private int keep(int slot, int after, JsonNode value) {
        if (after >= 0 && slot >= 0) {
            reader.add(slot, value);
        }
        return after;
    }

    // ---- skipped structure: checked, nothing kept ----

    /**
     * Skips one value ({@code p} on its first byte) without recursion: a bit per open container says whether it
     * is an object. Returns the position after it.
     */
    private int skip(int p) {
        byte[] in = json;
        long objects = 0;
        int level = 0;
        while (true) {
            if (p >= end) {
                return GIVE_UP;
            }
            byte c = in[p];
            if (c == '{' || c == '[') {
                if (++depth >= maxDepth || level == Long.SIZE) {
                    return GIVE_UP;
                }
                p = whitespace(p + 1);
                if (p < end && in[p] == (c == '{' ? '}' : ']')) {
                    depth--;
                    p++;
                } else {
                    objects = c == '{' ? objects | 1L << level : objects & ~(1L << level);
                    level++;
                    p = c == '{' ? key(p) : p;
                    if (p < 0) {
                        return GIVE_UP;
                    }
                    continue;
                }
            } else if (c == '"') {
                p = string(p + 1);
                if (p < 0) {
                    return GIVE_UP;
                }
                p++;
            } else if (c == 't') {
                p = literal(p, 'r', 'u', 'e', ' ');
            } else if (c == 'f') {
                p = literal(p, 'a', 'l', 's', 'e');
            } else if (c == 'n') {
                p = literal(p, 'u', 'l', 'l', ' ');
            } else {
                p = number(p, -1);
            }
            // after a value: close containers, or move to the next element
            while (true) {
                if (p < 0) {
                    return GIVE_UP;
                }
                if (level == 0) {
                    return p;
                }
                p = whitespace(p);
                if (p >= end) {
                    return GIVE_UP;
                }
                boolean object = (objects >>> (level - 1) & 1) != 0;
                c = in[p];
                if (c == ',') {
                    p = whitespace(p + 1);
                    p = object ? key(p) : p;
                    if (p < 0) {
                        return GIVE_UP;
                    }
                    break;
                }
                if (c != (object ? '}' : ']')) {
                    return GIVE_UP;
                }
                level--;
                depth--;
                p++;
            }
        }
    }

    /** key ws ':' ws in a skipped object, {@code p} on its quote; returns the position of its value. */
    private int key(int p) {
        if (p >= end || json[p] != '"') {
            return GIVE_UP;
        }
        int to = string(p + 1);
        if (to < 0 || to - p - 1 > maxName) {
            return GIVE_UP;
        }
        p = whitespace(to + 1);
        if (p >= end || json[p] != ':') {
            return GIVE_UP;
        }
        p = whitespace(p + 1);
        return p < end ? p : GIVE_UP;
    }

    /**
     * The hash of a key's raw bytes {@code bytes[from, to)}, as {@link FieldSet.Node} indexes its keys: from the
     * length and the first and last 8 bytes only, so that a key costs the same whatever its length (a collision
     * costs a byte comparison).
     */
    static int keyHash(byte[] bytes, int from, int to) {
        int length = to - from;
        long word;
        if (length >= Long.BYTES) {
            word = (long) LONGS.get(bytes, from) * 31 + (long) LONGS.get(bytes, to - Long.BYTES);
        } else {
            word = 0;
            for (int i = from; i < to; i++) {
                word = word << 8 | bytes[i] & 0xFF;
            }
        }
        long h = (word + length) * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 32) ^ (int) h;
    }

    // ---- scalars ----

    /**
     * The position of the closing quote of a string whose content starts at {@code p}, its escapes and UTF-8
     * checked; {@link #escaped} tells whether it holds escapes. Plain runs go 8 bytes a step: a word is plain
     * when it has no byte below 0x20, no '"', no '\\' and no byte of 0x80 or more.
     */
    private int string(int p) {
        byte[] in = json;
        int from = p;
        boolean escapes = false;
        while (true) {
            while (p + Long.BYTES <= end) {
                long word = (long) LONGS.get(in, p);
                long quote = word ^ 0x2222222222222222L;
                long backslash = word ^ 0x5C5C5C5C5C5C5C5CL;
                // the lowest flagged byte is exact: borrows only ever flag bytes above a flagged one
                long special = ((word - 0x2020202020202020L) & ~word
                                | (quote - ONES) & ~quote
                                | (backslash - ONES) & ~backslash
                                | word)
                        & HIGHS;
                if (special != 0) {
                    p += Long.numberOfTrailingZeros(special) >>> 3;
                    break;
                }
                p += Long.BYTES;
            }
            if (p >= end) {
                return GIVE_UP;
            }
            byte c = in[p];
            if (c == '"') {
                escaped = escapes;
                return p - from > maxString ? GIVE_UP : p;
            }
            if (c == '\\') {
                escapes = true;
                p = escape(p + 1);
            } else if (c < 0) {
                p = StrictUtf8.sequenceEnd(in, p, end);
            } else if (c < 0x20) {
                return GIVE_UP;
            } else {
                p++;
            }
            if (p < 0) {
                return GIVE_UP;
            }
        }
    }

    /** After a backslash: one of {@code " \ / b f n r t}, or {@code u} and four hex digits. */
    private int escape(int p) {
        if (p >= end) {
            return GIVE_UP;
        }
        switch (json[p]) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
                return p + 1;
            }
            case 'u' -> {
                if (p + 4 >= end) {
                    return GIVE_UP;
                }
                for (int i = p + 1; i <= p + 4; i++) {
                    if (Character.digit(json[i], 16) < 0) {
                        return GIVE_UP;
                    }
                }
                return p + 5;
            }
            default -> {
                return GIVE_UP;
            }
        }
    }

    /** true, false or null at {@code p} (its first letter already seen); {@code d == ' '}: three letters after. */
    private int literal(int p, char a, char b, char c, char d) {
        int length = d == ' ' ? 4 : 5;
        if (p + length > end) {
            return GIVE_UP;
        }
        byte[] in = json;
        return in[p + 1] == a && in[p + 2] == b && in[p + 3] == c && (d == ' ' || in[p + 4] == d)
                ? p + length
                : GIVE_UP;
    }

    /**
     * number := '-'? ('0' | [1-9][0-9]*) ('.' [0-9]+)? ([eE] [+-]? [0-9]+)?; kept (slot not -1) as the node
     * Jackson's parser gives: IntNode, LongNode or BigIntegerNode by value, DoubleNode for a fraction or
     * exponent.
     */
    private int number(int p, int slot) {
        byte[] in = json;
        int start = p;
        boolean negative = in[p] == '-';
        if (negative) {
            p++;
        }
        if (p >= end) {
            return GIVE_UP;
        }
        int digits = p;
        if (in[p] == '0') {
            p++;
        } else if (in[p] >= '1' && in[p] <= '9') {
            p = digits(p + 1);
        } else {
            return GIVE_UP;
        }
        int integerEnd = p;
        int fractionEnd = p;
        boolean floating = false;
        if (p < end && in[p] == '.') {
            floating = true;
            fractionEnd = digits(p + 1);
            if (fractionEnd == p + 1) {
                return GIVE_UP;
            }
            p = fractionEnd;
        }
        if (p < end && (in[p] == 'e' || in[p] == 'E')) {
            floating = true;
            p++;
            if (p < end && (in[p] == '+' || in[p] == '-')) {
                p++;
            }
            int exponent = p;
            p = digits(p);
            if (p == exponent) {
                return GIVE_UP;
            }
        }
        if (p - start > maxNumber) {
            return GIVE_UP;
        }
        if (slot >= 0) {
            JsonNode value = floating
                    ? JsonNumbers.floating(in, start, digits, integerEnd, fractionEnd, p, negative)
                    : JsonNumbers.integer(in, digits, integerEnd, negative);
            if (value == null) {
                return GIVE_UP;
            }
            reader.add(slot, value);
        }
        return p;
    }

    private int digits(int p) {
        while (p < end && json[p] >= '0' && json[p] <= '9') {
            p++;
        }
        return p;
    }

    /** After JSON whitespace (space, tab, line feed, carriage return). */
    private int whitespace(int p) {
        byte[] in = json;
        while (p < end) {
            byte c = in[p];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return p;
            }
            p++;
        }
        return p;
    }
}
