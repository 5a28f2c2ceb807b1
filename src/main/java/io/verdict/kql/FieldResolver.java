package io.verdict.kql;

import io.verdict.event.FieldPath;
import io.verdict.event.FieldType;
import io.verdict.event.Schema;
import io.verdict.event.TextAnalyzer;

/**
 * Where a named field's value is read and how it is typed. A multi-field ({@code process.command_line.text})
 * reads its parent's value with its own type; Elastic Defend's {@code .caseless} multi-fields (keyword with a
 * lower-casing normalizer, not part of ECS) read the parent and compare lower-cased.
 */
final class FieldResolver {

    private static final String CASELESS = ".caseless";

    /** A field as a query names it, resolved. */
    record FieldRef(String name, FieldPath lookup, FieldType type, boolean caseless, TextAnalyzer analyzer) {
    }

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
            return new FieldRef(name, FieldPath.of(relative(parent, scope)), schema.typeOf(name), schema.caseless(name),
                    schema.analyzerOf(name));
        }
        if (name.endsWith(CASELESS) && name.length() > CASELESS.length() && !schema.knows(name)) {
            String base = name.substring(0, name.length() - CASELESS.length());
            return new FieldRef(name, FieldPath.of(relative(base, scope)), FieldType.KEYWORD, true, TextAnalyzer.standard());
        }
        return new FieldRef(name, FieldPath.of(relative(name, scope)), schema.typeOf(name), schema.caseless(name),
                schema.analyzerOf(name));
    }

    /** Inside {@code path:{...}} the event is the nested object, so names lose the path prefix. */
    static String relative(String name, String scope) {
        return scope != null && name.startsWith(scope + ".") ? name.substring(scope.length() + 1) : name;
    }
}
