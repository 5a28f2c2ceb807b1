package io.verdict.kql;

import java.util.Iterator;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Walks an event's JSON by structure rather than by a known field name, for the KQL forms that do not name one
 * field: free text (every field), field-name wildcards ({@code process.hash.*}) and nested scopes (the objects
 * under a path). Arrays are flattened as Elasticsearch flattens them; names join keys with dots, so a dotted key
 * and nested objects give the same name.
 */
final class EventLeaves {

    /** Called for each scalar value; return true to stop the walk. */
    @FunctionalInterface
    interface LeafVisitor {
        boolean visit(String field, JsonNode value);
    }

    /** Called for each object found under a path; return true to stop the walk. */
    @FunctionalInterface
    interface ObjectVisitor {
        boolean visit(JsonNode object);
    }

    private EventLeaves() {}

    /** Visits every non-null scalar of {@code root} with its dotted field name; true if a visit stopped the walk. */
    static boolean anyLeaf(JsonNode root, LeafVisitor visitor) {
        return walk(root, "", visitor);
    }

    private static boolean walk(JsonNode node, String name, LeafVisitor visitor) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (walk(field.getValue(), name.isEmpty() ? field.getKey() : name + "." + field.getKey(), visitor)) {
                    return true;
                }
            }
            return false;
        }
        if (node.isArray()) {
            for (int i = 0, n = node.size(); i < n; i++) {
                if (walk(node.get(i), name, visitor)) {
                    return true;
                }
            }
            return false;
        }
        return !node.isNull() && !node.isMissingNode() && !name.isEmpty() && visitor.visit(name, node);
    }

    /**
     * Visits each object at the dotted path {@code segments} under {@code root}: each level may be one key or a
     * dotted run of the remaining segments, and arrays (of objects) are flattened.
     */
    static boolean anyObject(JsonNode root, String[] segments, ObjectVisitor visitor) {
        return objects(root, segments, 0, visitor);
    }

    private static boolean objects(JsonNode node, String[] segments, int from, ObjectVisitor visitor) {
        if (node.isArray()) {
            for (int i = 0, n = node.size(); i < n; i++) {
                if (objects(node.get(i), segments, from, visitor)) {
                    return true;
                }
            }
            return false;
        }
        if (!node.isObject()) {
            return false;
        }
        if (from == segments.length) {
            return visitor.visit(node);
        }
        StringBuilder key = new StringBuilder();
        for (int to = from; to < segments.length; to++) {
            if (to > from) {
                key.append('.');
            }
            key.append(segments[to]);
            JsonNode child = node.get(key.toString());
            if (child != null && objects(child, segments, to + 1, visitor)) {
                return true;
            }
        }
        return false;
    }
}
