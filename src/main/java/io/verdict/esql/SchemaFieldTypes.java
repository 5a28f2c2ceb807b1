package io.verdict.esql;

import io.verdict.esql.value.DataType;
import io.verdict.event.FieldType;
import io.verdict.event.Schema;
import java.util.Set;
import java.util.TreeSet;

/**
 * The field types of a {@link Schema} (the ECS and integration catalogue) as ES|QL reads them: mapping types folded
 * onto ES|QL types ({@code short} an integer, {@code wildcard} a keyword); objects are no columns; types ES|QL
 * cannot read ({@code nested}, {@code binary}, {@code version} ...) are unsupported columns; a name below a
 * {@code flattened} field is a keyword. Immutable.
 */
public final class SchemaFieldTypes implements FieldTypes {

    private final Schema schema;
    private final Set<String> names;

    public SchemaFieldTypes(Schema schema) {
        this.schema = schema;
        Set<String> columns = new TreeSet<>();
        for (String name : schema.names()) {
            if (typeOf(name) != null) {
                columns.add(name);
            }
        }
        this.names = Set.copyOf(columns);
    }

    @Override
    public DataType typeOf(String field) {
        Schema.Mapping m = schema.mappingOf(field);
        if (m == null) {
            return schema.flattenedRoot(field) != null ? DataType.KEYWORD : null;
        }
        if (m.type() == FieldType.OBJECT) {
            return m.mappingType().equals("object") || m.mappingType().equals("group") ? null : DataType.UNSUPPORTED;
        }
        if (m.type() == FieldType.LONG && !m.mappingType().equals("unsigned_long")) {
            DataType t = DataType.named(m.mappingType());
            return t == null ? DataType.LONG : t;
        }
        if (m.type() == FieldType.DATE_NANOS) {
            // read at millisecond precision: Verdict's dates have no nanoseconds to lose
            return DataType.DATETIME;
        }
        DataType t = DataType.named(m.mappingType());
        return t == null ? DataType.UNSUPPORTED : t;
    }

    @Override
    public Set<String> names() {
        return names;
    }
}
