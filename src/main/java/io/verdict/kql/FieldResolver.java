package io.verdict.kql;

import io.verdict.event.FieldPath;
import io.verdict.event.FieldType;
import io.verdict.event.Schema;
import io.verdict.event.TextAnalyzer;

/**
 * Where a named field's value is read and how it is typed. A multi-field ({@code process.command_line.text})
 * reads its parent's value with its own type; Elastic Defend's {@code .caseless} multi-fields (keyword with a
 * lower-casing normalizer, not part of ECS) read the parent and compare lower-cased. A {@code flattened} field
 * named by its root holds an object whose every leaf is a keyword of the field.
 */
final class FieldResolver {

    private static final String CASELESS = ".caseless";
    private static final String FLATTENED = "flattened";

    /**
     * A field as a query names it, resolved.
     *
     * @param flattened the root of a {@code flattened} field: a query on it tests every leaf value as a keyword
     */
    record FieldRef(
            String name,
            FieldPath lookup,
            FieldType type,
            boolean caseless,
            TextAnalyzer analyzer,
            boolean flattened) {}

    private final Schema schema;

    FieldResolver(Schema schema) {
        this.schema = schema;
    }

    Schema schema() {
        return schema;
    }

    /** The field {@code name}; inside a nested scope ({@code scope} not null) it is read relative to the scope. */
    FieldRef resolve(String name, String scope) {
        String parent = schema.multiFieldParent(name);
        if (parent != null) {
            return new FieldRef(
                    name,
                    FieldPath.of(relative(parent, scope)),
                    schema.typeOf(name),
                    schema.caseless(name),
                    schema.analyzerOf(name),
                    false);
        }
        if (name.endsWith(CASELESS) && name.length() > CASELESS.length() && !schema.knows(name)) {
            String base = name.substring(0, name.length() - CASELESS.length());
            return new FieldRef(
                    name, FieldPath.of(relative(base, scope)), FieldType.KEYWORD, true, TextAnalyzer.standard(), false);
        }
        Schema.Mapping mapping = schema.mappingOf(name);
        if (mapping != null && mapping.mappingType().equals(FLATTENED)) {
            return new FieldRef(
                    name, FieldPath.of(relative(name, scope)), FieldType.KEYWORD, false, TextAnalyzer.standard(), true);
        }
        return new FieldRef(
                name,
                FieldPath.of(relative(name, scope)),
                schema.typeOf(name),
                schema.caseless(name),
                schema.analyzerOf(name),
                false);
    }

    /** Inside {@code path:{...}} the event is the nested object, so names lose the path prefix. */
    static String relative(String name, String scope) {
        return scope != null && name.startsWith(scope + ".") ? name.substring(scope.length() + 1) : name;
    }
}
