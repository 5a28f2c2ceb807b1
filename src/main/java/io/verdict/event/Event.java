package io.verdict.event;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.util.TokenBuffer;

/**
 * One ECS event, parsed once, read through {@link FieldPath}s.
 *
 * <p>A field's values are the non-null scalars found at its path: arrays at any level are flattened (an array of
 * objects contributes the field of each object), JSON {@code null} and {@code []} are no value, and an object is
 * a container, not a value. A predicate on a field matches when <em>any</em> value matches, as Elasticsearch
 * matches a multi-valued field. Immutable once built (the caller must not change the tree it passed in).
 *
 * <p>Two forms, one meaning. Parsed without a {@link FieldSet} (or wrapped with {@link #of}), the event is a
 * Jackson tree and each lookup walks it, trying every dotted split of the name. Parsed with a field set (as the
 * service does), the event is read in one streaming pass into a flat view holding the values of the set's fields
 * only; a lookup of one of them is a lookup of its slot, and the tree ({@link #root()}) is built from the kept
 * source only when something asks for it: a lookup of a field outside the set, a whole-document consumer, or a
 * multi-valued field reached through a dotted key, whose order is the tree's (at each level the shorter key
 * first, then document order) rather than document order.
 */
public final class Event {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /** Of a flat event: its fields, their values, and how to build the tree; all null for a tree event. */
    private final FieldSet fields;

    private final FlatView view;
    private final Source source;
    private volatile JsonNode root;
    /** What was taken off the document to reach this event, outermost first (see {@link Envelopes}); else empty. */
    private final List<String> envelope;
    /** The Kibana alert document this event was unwrapped from, evaluated as it is too; else null. */
    private final Event alertDocument;

    private Event(JsonNode root) {
        this(root, List.of());
    }

    private Event(JsonNode root, List<String> envelope) {
        this(root, envelope, null);
    }

    private Event(JsonNode root, List<String> envelope, Event alertDocument) {
        this.alertDocument = alertDocument;
        this.root = root;
        this.fields = null;
        this.view = null;
        this.source = null;
        this.envelope = envelope;
    }

    private Event(FieldSet fields, FlatView view, Source source) {
        this.fields = fields;
        this.view = view;
        this.source = source;
        this.envelope = List.of();
        this.alertDocument = null;
    }

    /** The event of a JSON object text; {@link IllegalArgumentException} if it is not one. */
    public static Event parse(String json) {
        try {
            return of(JSON.readTree(json));
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getOriginalMessage(), e);
        }
    }

    /** The event of a JSON object in UTF-8; {@link IllegalArgumentException} if it is not one. */
    public static Event parse(byte[] json) {
        try {
            StrictUtf8.check(json);
            return of(JSON.readTree(json));
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getOriginalMessage(), e);
        }
    }

    public static Event parse(InputStream json) {
        try (json) {
            return parse(json.readAllBytes());
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The event of a JSON object text, keeping the values of {@code fields} only (see the class comment). */
    public static Event parse(String json, FieldSet fields) {
        try {
            return parse(JSON, json.getBytes(StandardCharsets.UTF_8), fields);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getOriginalMessage(), e);
        }
    }

    /** The event of a JSON object in UTF-8, keeping the values of {@code fields} only (see the class comment). */
    public static Event parse(byte[] json, FieldSet fields) {
        try {
            return parse(JSON, json, fields);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * The event of a JSON object in UTF-8, read with the limits and features of {@code mapper}'s factory (and
     * its tree, when needed, with the mapper).
     * The event keeps {@code json}: the caller must not change it. {@link JacksonException} when it is malformed,
     * has tokens after the object or is not UTF-8 throughout ({@link InvalidUtf8Exception}, see
     * {@link StrictUtf8}); {@link IllegalArgumentException} when it is not an object.
     */
    public static Event parse(ObjectMapper mapper, byte[] json, FieldSet fields) {
        // most events are plain JSON, read straight from the bytes; the rest (and every error) take Jackson's path
        FlatView scanned = FlatScanner.scan(mapper, json, fields);
        if (scanned != null) {
            return new Event(fields, scanned, new Source.Bytes(mapper, json));
        }
        return parseTokens(mapper, json, fields);
    }

    /** {@link #parse(ObjectMapper, byte[], FieldSet)} through Jackson's tokens always; for the scanner's tests. */
    static Event parseTokens(ObjectMapper mapper, byte[] json, FieldSet fields) {
        // the scanner checked every byte of what it read; Jackson skips the values it does not keep unchecked, and
        // decodes some invalid forms, so an event it reads must be checked first
        StrictUtf8.check(json);
        // the factory's parser, not the mapper's: the mapper would make a DeserializationContext per event, and
        // the limits are the factory's anyway
        try (JsonParser parser = mapper.tokenStreamFactory().createParser(ObjectReadContext.empty(), json)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("an event is a JSON object, not " + describe(first));
            }
            FlatView view = FlatView.read(parser, fields, json);
            if (mapper.isEnabled(DeserializationFeature.FAIL_ON_TRAILING_TOKENS) && parser.nextToken() != null) {
                // one object and nothing after it; said in words, as the tree reader's message names its classes
                throw new StreamReadException(
                        parser,
                        "Unexpected " + describe(parser.currentToken())
                                + " after the event's closing '}': an event is one JSON object");
            }
            return new Event(fields, view, new Source.Bytes(mapper, json));
        }
    }

    /**
     * The event of the JSON object the parser is on (its START_OBJECT is the current token), for an element of a
     * stream of them; the element's tokens are buffered to build its tree when needed. Leaves the parser on the
     * object's END_OBJECT. Jackson decodes some invalid UTF-8 without a word: the caller checks the bytes of the
     * stream (see {@link Utf8CheckingInput}).
     */
    public static Event read(ObjectMapper mapper, JsonParser parser, FieldSet fields) {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("an event is a JSON object, not " + describe(parser.currentToken()));
        }
        long start = parser.currentTokenLocation().getByteOffset();
        TokenBuffer tokens = TokenBuffer.forBuffering(parser, parser.objectReadContext());
        tokens.copyCurrentStructure(parser);
        long end = parser.currentLocation().getByteOffset();
        try (JsonParser buffered = tokens.asParser(parser.objectReadContext())) {
            buffered.nextToken();
            return new Event(
                    fields,
                    FlatView.read(buffered, fields),
                    new Source.Tokens(mapper, tokens, start < 0 || end < start ? -1 : end - start));
        }
    }

    /** The event of an already parsed JSON object. */
    public static Event of(JsonNode root) {
        Objects.requireNonNull(root, "root");
        if (!root.isObject()) {
            throw new IllegalArgumentException("an event is a JSON object, not " + root.getNodeType());
        }
        return new Event(root);
    }

    /** The event {@link Envelopes} took out of a wrapping document, saying what it took off. */
    static Event wrapped(JsonNode root, List<String> envelope) {
        Event plain = of(root);
        return new Event(plain.root, List.copyOf(envelope));
    }

    /** The original event of a Kibana alert document, which stays at hand to be evaluated as it is too. */
    static Event unwrappedAlert(JsonNode root, List<String> envelope, Event alertDocument) {
        Event plain = of(root);
        return new Event(plain.root, List.copyOf(envelope), alertDocument);
    }

    /**
     * The Kibana alert document this event is the original event of, as an event of the alerts index (rules that
     * search alerts read it); null for any other event.
     */
    public Event alertDocument() {
        return alertDocument;
    }

    /**
     * What was taken off the document to reach this event ({@link Envelopes#ELASTICSEARCH_HIT} ...), outermost
     * first; empty for an event sent as itself.
     */
    public List<String> envelope() {
        return envelope;
    }

    /**
     * The whole document. For an event parsed with a field set it is built on the first call (once, whichever
     * threads ask); prefer field lookups on hot paths.
     */
    public JsonNode root() {
        JsonNode tree = root;
        if (tree == null) {
            synchronized (this) {
                tree = root;
                if (tree == null) {
                    tree = source.tree();
                    root = tree;
                }
            }
        }
        return tree;
    }

    /** The flat view, null for a tree event; for tests. */
    FlatView view() {
        return view;
    }

    /** Whether the whole document has been built (always for a tree event); for tests and diagnostics. */
    public boolean materialised() {
        return root != null;
    }

    /**
     * How many bytes of JSON the event was read from, for estimates of what keeping it costs; -1 for an event made
     * from a tree (its size is not known without walking it).
     */
    public long sourceLength() {
        return source == null ? -1 : source.length();
    }

    /** The event as JSON text: the source as sent when it is kept, else the tree written out. */
    public String json() {
        String text = source != null && root == null ? source.text() : null;
        return text != null ? text : root().toString();
    }

    /**
     * True when any value of the field passes the test; stops at the first that does. Allocates nothing but, on
     * the first read of a string value of a flat event, its node (kept for later reads).
     */
    public boolean anyValue(FieldPath path, ValueTest test) {
        if (view != null) {
            int slot = fields.slot(path);
            if (slot >= 0) {
                return anyFlat(slot, test);
            }
        }
        return visitObject(root(), path, 0, test);
    }

    /** True when the field has at least one value. */
    public boolean has(FieldPath path) {
        if (view != null) {
            int slot = fields.slot(path);
            if (slot >= 0) {
                return view.first(slot) >= 0;
            }
        }
        return visitObject(root(), path, 0, value -> true);
    }

    /** Every value of the field: at each level the shorter key first, then document order. */
    public void forEachValue(FieldPath path, Consumer<JsonNode> action) {
        ValueTest each = value -> {
            action.accept(value);
            return false;
        };
        int slot = orderedSlot(path);
        if (slot >= 0) {
            anyFlat(slot, each);
        } else {
            visitObject(root(), path, 0, each);
        }
    }

    /** The values of the field, in the order of {@link #forEachValue}; empty when it has none. */
    public List<JsonNode> values(FieldPath path) {
        List<JsonNode> values = new ArrayList<>(2);
        forEachValue(path, values::add);
        return values;
    }

    /**
     * The first value of the field in the order of {@link #forEachValue}, or null. Allocates nothing but, on the
     * first read of a string value of a flat event, its node.
     */
    public JsonNode firstValue(FieldPath path) {
        int slot = orderedSlot(path);
        if (slot >= 0) {
            int first = view.first(slot);
            return first < 0 ? null : view.value(first);
        }
        return firstInObject(root(), path, 0);
    }

    /**
     * Whether the field is written as an array, under its dotted key or under nested objects (not mixes of both,
     * nor under an array of objects): {@code {"tags": ["a"]}} is, {@code {"tags": "a"}} is not. The direct dotted
     * key wins when present.
     */
    public boolean writtenAsArray(FieldPath path) {
        if (view != null) {
            int slot = fields.slot(path);
            if (slot >= 0) {
                return view.writtenAsArray(slot);
            }
        }
        JsonNode tree = root();
        JsonNode direct = tree.get(path.name());
        if (direct != null) {
            return direct.isArray();
        }
        JsonNode node = tree;
        for (int i = 0; i < path.size(); i++) {
            if (node == null || !node.isObject()) {
                return false;
            }
            node = node.get(path.key(i, i + 1));
        }
        return node != null && node.isArray();
    }

    /** The slot whose flat values are in the tree's order, or -1 when the tree must answer. */
    private int orderedSlot(FieldPath path) {
        if (view == null) {
            return -1;
        }
        int slot = fields.slot(path);
        return slot >= 0 && view.dotted() && view.several(slot) ? -1 : slot;
    }

    private boolean anyFlat(int slot, ValueTest test) {
        for (int i = view.first(slot); i >= 0; i = view.next(i)) {
            if (test.test(view.value(i))) {
                return true;
            }
        }
        return false;
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case START_ARRAY -> "ARRAY";
            case VALUE_STRING -> "STRING";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "NUMBER";
            case VALUE_TRUE, VALUE_FALSE -> "BOOLEAN";
            case VALUE_NULL -> "NULL";
            default -> token.name();
        };
    }

    // firstValue walks as anyValue does, returning the first value instead of testing each
    private static JsonNode firstInObject(JsonNode object, FieldPath path, int from) {
        int size = path.size();
        for (int to = from + 1; to <= size; to++) {
            JsonNode child = object.get(path.key(from, to));
            if (child == null) {
                continue;
            }
            JsonNode found = to == size ? firstLeaf(child) : firstInner(child, path, to);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static JsonNode firstInner(JsonNode node, FieldPath path, int from) {
        if (node.isObject()) {
            return firstInObject(node, path, from);
        }
        if (node.isArray()) {
            for (int i = 0, n = node.size(); i < n; i++) {
                JsonNode found = firstInner(node.get(i), path, from);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static JsonNode firstLeaf(JsonNode node) {
        if (node.isArray()) {
            for (int i = 0, n = node.size(); i < n; i++) {
                JsonNode found = firstLeaf(node.get(i));
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
        return node.isNull() || node.isObject() || node.isMissingNode() ? null : node;
    }

    // An object at segment `from`: the next key may be one segment or any dotted run of the remaining ones.
    private static boolean visitObject(JsonNode object, FieldPath path, int from, ValueTest test) {
        int size = path.size();
        for (int to = from + 1; to <= size; to++) {
            JsonNode child = object.get(path.key(from, to));
            if (child == null) {
                continue;
            }
            if (to == size ? visitLeaf(child, test) : visitInner(child, path, to, test)) {
                return true;
            }
        }
        return false;
    }

    private static boolean visitInner(JsonNode node, FieldPath path, int from, ValueTest test) {
        if (node.isObject()) {
            return visitObject(node, path, from, test);
        }
        if (node.isArray()) {
            for (int i = 0, n = node.size(); i < n; i++) {
                if (visitInner(node.get(i), path, from, test)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean visitLeaf(JsonNode node, ValueTest test) {
        if (node.isArray()) {
            for (int i = 0, n = node.size(); i < n; i++) {
                if (visitLeaf(node.get(i), test)) {
                    return true;
                }
            }
            return false;
        }
        return !node.isNull() && !node.isObject() && !node.isMissingNode() && test.test(node);
    }

    @Override
    public String toString() {
        return json();
    }
}
