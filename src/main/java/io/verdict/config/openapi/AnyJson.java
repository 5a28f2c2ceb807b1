package io.verdict.config.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A Java {@code Object} or JSON node (an evidence value, a join key, a clause's values) is any JSON value on the
 * wire: a string as often as an object. The model resolver writes {@code type: object} for them, which a client
 * or a validator takes at its word and then refuses {@code "rclone.exe"}; such a schema (object, with no
 * properties, no additional properties and no reference) is made typeless here.
 */
final class AnyJson {

    private AnyJson() {}

    static void untype(OpenAPI api) {
        Set<Schema<?>> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        api.getComponents().getSchemas().values().forEach(schema -> walk(schema, seen, true));
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void walk(Schema<?> schema, Set<Schema<?>> seen, boolean named) {
        if (schema == null || !seen.add(schema)) {
            return;
        }
        if (!named && isBareObject(schema)) {
            schema.setType(null);
            schema.setTypes(null);
            return;
        }
        Map<String, Schema> properties = schema.getProperties();
        if (properties != null) {
            properties.values().forEach(p -> walk(p, seen, false));
        }
        walk(schema.getItems(), seen, false);
        if (schema.getAdditionalProperties() instanceof Schema<?> additional) {
            walk(additional, seen, false);
        }
        if (schema.getOneOf() != null) {
            schema.getOneOf().forEach(s -> walk(s, seen, false));
        }
        if (schema.getAnyOf() != null) {
            schema.getAnyOf().forEach(s -> walk(s, seen, false));
        }
        if (schema.getAllOf() != null) {
            schema.getAllOf().forEach(s -> walk(s, seen, false));
        }
    }

    private static boolean isBareObject(Schema<?> schema) {
        boolean object = "object".equals(schema.getType())
                || (schema.getTypes() != null && schema.getTypes().equals(Set.of("object")));
        return object
                && schema.get$ref() == null
                && schema.getProperties() == null
                && schema.getAdditionalProperties() == null
                && schema.getPatternProperties() == null
                && schema.getOneOf() == null
                && schema.getAnyOf() == null
                && schema.getAllOf() == null;
    }
}
