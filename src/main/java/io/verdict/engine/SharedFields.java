package io.verdict.engine;

import io.verdict.event.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fields a sequence's events all share, which Kibana's sequence alert carries: objects meet key by key, equal
 * values are kept, arrays keep the scalar values both hold (a scalar counts as an array of itself), and anything
 * else (different values, an object against a value) is left out, as is an object left with nothing.
 * Objects inside arrays are never shared: Kibana compares them by identity, and two events never hold the same one.
 * The hit's {@code _index} and {@code _id} are not fields of the event.
 */
final class SharedFields {

    private SharedFields() {}

    static ObjectNode of(List<Event> events) {
        ObjectNode shared = withoutHitFields(events.get(0).root());
        for (int i = 1; i < events.size() && shared != null; i++) {
            shared = meet(shared, withoutHitFields(events.get(i).root()));
        }
        return shared == null ? JsonNodeFactory.instance.objectNode() : shared;
    }

    private static ObjectNode withoutHitFields(JsonNode root) {
        ObjectNode copy = root.isObject() ? (ObjectNode) root.deepCopy() : JsonNodeFactory.instance.objectNode();
        copy.remove("_index");
        copy.remove("_id");
        return copy;
    }

    /** The fields {@code a} and {@code b} share, in {@code a}'s order; null when they share none. */
    private static ObjectNode meet(ObjectNode a, ObjectNode b) {
        ObjectNode out = a.objectNode();
        for (Map.Entry<String, JsonNode> e : a.properties()) {
            JsonNode other = b.get(e.getKey());
            if (other == null) {
                continue;
            }
            JsonNode value = e.getValue();
            JsonNode met;
            if (value.isObject() && other.isObject()) {
                met = meet((ObjectNode) value, (ObjectNode) other);
            } else if (value.isArray() || other.isArray()) {
                met = common(values(value), values(other));
            } else {
                met = same(value, other) ? value : null;
            }
            if (met != null) {
                out.set(e.getKey(), met);
            }
        }
        return out.isEmpty() ? null : out;
    }

    private static List<JsonNode> values(JsonNode node) {
        List<JsonNode> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(values::add);
        } else {
            values.add(node);
        }
        return values;
    }

    /** The distinct scalars of {@code a} that {@code b} holds too, in {@code a}'s order (possibly none). */
    private static ArrayNode common(List<JsonNode> a, List<JsonNode> b) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        List<JsonNode> seen = new ArrayList<>();
        for (JsonNode value : a) {
            if (value.isContainer() || seen.stream().anyMatch(s -> same(s, value))) {
                continue;
            }
            if (b.stream().anyMatch(other -> !other.isContainer() && same(value, other))) {
                out.add(value);
                seen.add(value);
            }
        }
        return out;
    }

    /** Equal scalars; numbers by value, as JavaScript compares them. */
    private static boolean same(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.doubleValue() == b.doubleValue();
        }
        return !a.isContainer() && a.equals(b);
    }
}
