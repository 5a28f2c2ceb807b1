package io.verdict.engine;

import io.verdict.event.Dates;
import io.verdict.event.Schema;
import io.verdict.query.Cidr;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The event fields a Kibana alert document keeps, so that it indexes into the alerts index: Kibana removes the
 * top-level {@code kibana}, {@code signal} and {@code threshold_result} fields (an alert's own namespaces), and
 * every value whose form conflicts with the ECS type of its field (a {@code source.ip} that is not an address, an
 * object where ECS has a keyword, a keyword below a field ECS maps as a value, a number field holding words). A
 * field ECS does not define is kept as it is: the alerts index does not map it. Array items are judged one by one;
 * an object or array left empty goes too.
 *
 * <p>ECS's field names are the resource {@code ecs-field-names.txt} (written by {@code scripts/ecs-field-names.sh});
 * their types come from the field catalog, where ECS's type wins over every other source's. Beyond Kibana, which
 * checks only {@code long}, {@code float}, {@code scaled_float}, {@code ip}, {@code date} and {@code boolean}, the
 * other number types ({@code integer}, {@code double}…) are checked as numbers too: Elasticsearch refuses words
 * there all the same.
 */
final class KibanaSourceFilter {

    private static final Set<String> OWN_NAMESPACES = Set.of("kibana", "signal", "threshold_result");
    private static final Map<String, String> ECS = ecsTypes();

    private KibanaSourceFilter() {}

    /** Removes from {@code source} (in place) what Kibana removes; the dotted paths removed, in document order. */
    static List<String> filter(ObjectNode source) {
        List<String> removed = new ArrayList<>();
        walk(source, "", true, removed);
        return removed;
    }

    /** The ECS mapping type of {@code path}, {@code object} for a name ECS has fields below, null for no ECS name. */
    static String ecsType(String path) {
        return ECS.get(path);
    }

    private static void walk(ObjectNode object, String prefix, boolean top, List<String> removed) {
        List<String> keys = new ArrayList<>(object.size());
        object.properties().forEach(e -> keys.add(e.getKey()));
        for (String key : keys) {
            JsonNode value = object.get(key);
            String path = prefix.isEmpty() ? key : prefix + "." + key;
            if (top && OWN_NAMESPACES.contains(firstSegment(key))) {
                object.remove(key);
                removed.add(path);
            } else if (value.isArray()) {
                ArrayNode kept = keep((ArrayNode) value, path, removed);
                if (kept.isEmpty()) {
                    object.remove(key);
                } else {
                    object.set(key, kept);
                }
            } else if (!fits(value, path)) {
                object.remove(key);
                removed.add(path);
            } else if (value.isObject()) {
                walk((ObjectNode) value, path, false, removed);
                if (value.isEmpty()) {
                    object.remove(key);
                }
            }
        }
    }

    private static ArrayNode keep(ArrayNode array, String path, List<String> removed) {
        ArrayNode kept = array.arrayNode(array.size());
        for (JsonNode item : array) {
            if (item.isArray()) {
                ArrayNode inner = keep((ArrayNode) item, path, removed);
                if (!inner.isEmpty()) {
                    kept.add(inner);
                }
            } else if (!fits(item, path)) {
                removed.add(path);
            } else if (item.isObject()) {
                walk((ObjectNode) item, path, false, removed);
                if (!item.isEmpty()) {
                    kept.add(item);
                }
            } else {
                kept.add(item);
            }
        }
        return kept;
    }

    /** Whether one value (not an array) fits the ECS type of its path. */
    static boolean fits(JsonNode value, String path) {
        if (!parentsAreObjects(path)) {
            return false;
        }
        String type = ECS.get(path);
        if (type == null || value.isNull()) {
            return true;
        }
        return switch (type) {
            case "nested", "object", "flattened" -> value.isObject();
            case "geo_point" -> true;
            case "long", "integer", "short", "byte", "unsigned_long" ->
                !(value.isString() && value.stringValue().indexOf(' ') >= 0) && isNumber(value);
            case "float", "double", "half_float", "scaled_float" -> isNumber(value);
            case "ip" -> value.isString() && Cidr.isAddress(value.stringValue());
            case "date", "date_nanos" ->
                value.isNumber() || value.isString() && Dates.parse(value.stringValue()) != null;
            case "boolean" ->
                value.isBoolean()
                        || value.isString()
                                && (value.stringValue().equals("true")
                                        || value.stringValue().equals("false"));
            default -> !value.isObject();
        };
    }

    /** A name below an ECS field that is a value (keyword, long…) has nowhere to go: {@code host.name.first}. */
    private static boolean parentsAreObjects(String path) {
        for (int dot = path.indexOf('.'); dot > 0; dot = path.indexOf('.', dot + 1)) {
            String type = ECS.get(path.substring(0, dot));
            if (type != null
                    && !type.equals("object")
                    && !type.equals("nested")
                    && !type.equals("flattened")
                    && !type.equals("geo_point")) {
                return false;
            }
        }
        return true;
    }

    private static boolean isNumber(JsonNode value) {
        if (value.isNumber()) {
            return true;
        }
        if (!value.isString() || value.stringValue().isBlank()) {
            return false;
        }
        try {
            new BigDecimal(value.stringValue().strip());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String firstSegment(String key) {
        int dot = key.indexOf('.');
        return dot < 0 ? key : key.substring(0, dot);
    }

    /** ECS name to mapping type; every name ECS has fields below is an {@code object} unless ECS says otherwise. */
    private static Map<String, String> ecsTypes() {
        Schema catalog = Schema.catalog();
        Map<String, String> types = new HashMap<>(8192);
        List<String> names = new ArrayList<>(4096);
        try (InputStream in = KibanaSourceFilter.class.getResourceAsStream("ecs-field-names.txt")) {
            if (in == null) {
                throw new IllegalStateException("resource ecs-field-names.txt is missing");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    names.add(line.strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String name : names) {
            for (int dot = name.indexOf('.'); dot > 0; dot = name.indexOf('.', dot + 1)) {
                types.putIfAbsent(name.substring(0, dot), "object");
            }
        }
        for (String name : names) {
            Schema.Mapping mapping = catalog.mappingOf(name);
            types.put(name, mapping == null ? "keyword" : mapping.mappingType());
        }
        return Map.copyOf(types);
    }
}
