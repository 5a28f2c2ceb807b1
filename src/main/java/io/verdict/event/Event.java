package io.verdict.event;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * One ECS event, parsed once, read through {@link FieldPath}s.
 *
 * <p>A field's values are the non-null scalars found at its path: arrays at any level are flattened (an array of
 * objects contributes the field of each object), JSON {@code null} and {@code []} are no value, and an object is
 * a container, not a value. A predicate on a field matches when <em>any</em> value matches, as Elasticsearch
 * matches a multi-valued field. Immutable once built (the caller must not change the tree it passed in).
 */
public final class Event {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final JsonNode root;

    private Event(JsonNode root) {
        this.root = root;
    }

    /** The event of a JSON object text; {@link IllegalArgumentException} if it is not one. */
    public static Event parse(String json) {
        try {
            return of(JSON.readTree(json));
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getOriginalMessage(), e);
        }
    }

    public static Event parse(byte[] json) {
        try {
            return of(JSON.readTree(json));
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getOriginalMessage(), e);
        }
    }

    public static Event parse(InputStream json) {
        try (json) {
            return of(JSON.readTree(json));
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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

    /** The parsed document. */
    public JsonNode root() {
        return root;
    }

    /** True when any value of the field passes the test; stops at the first that does. Allocates nothing. */
    public boolean anyValue(FieldPath path, ValueTest test) {
        return visitObject(root, path, 0, test);
    }

    /** True when the field has at least one value. */
    public boolean has(FieldPath path) {
        return anyValue(path, value -> true);
    }

    /** Every value of the field: at each level the shorter key first, then document order. */
    public void forEachValue(FieldPath path, Consumer<JsonNode> action) {
        anyValue(path, value -> {
            action.accept(value);
            return false;
        });
    }

    /** The values of the field, in the order of {@link #forEachValue}; empty when it has none. */
    public List<JsonNode> values(FieldPath path) {
        List<JsonNode> values = new ArrayList<>(2);
        forEachValue(path, values::add);
        return values;
    }

    /** The first value of the field in the order of {@link #forEachValue}, or null. Allocates nothing. */
    public JsonNode firstValue(FieldPath path) {
        return firstInObject(root, path, 0);
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
        return root.toString();
    }
}
