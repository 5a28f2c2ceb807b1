package io.verdict.esql;

import java.util.Set;
import java.util.TreeSet;

import io.verdict.esql.value.DataType;
import io.verdict.event.FieldType;
import io.verdict.event.Schema;

/**
 * The field catalogue ({@link Schema}: ECS, Elastic Defend and the integrations) as ES|QL types, standing in for the
 * mappings of the indices a rule reads: {@code short} is an integer, {@code float} a double, {@code wildcard} a
 * keyword. A field below a {@code flattened} one is a keyword; objects are no columns.
 */
public final class SchemaTypes implements FieldTypes {

    private final Schema schema;
    /** Built on first use: only wildcard expansion needs it. */
    private volatile Set<String> names;

    public SchemaTypes(Schema schema) {
        this.schema = schema;
    }

    @Override
    public DataType typeOf(String field) {
        Schema.Mapping mapping = schema.mappingOf(field);
        if (mapping == null) {
            return schema.flattenedRoot(field) != null ? DataType.KEYWORD : null;
        }
        if (mapping.type() == FieldType.OBJECT) {
            return null;
        }
        DataType type = DataType.named(mapping.mappingType());
        if (type != null) {
            return type;
        }
        return switch (mapping.type()) {
            case KEYWORD, VERSION -> DataType.KEYWORD;
            case TEXT -> DataType.TEXT;
            case LONG -> DataType.LONG;
            case DOUBLE -> DataType.DOUBLE;
            case BOOLEAN -> DataType.BOOLEAN;
            case IP -> DataType.IP;
            case DATE, DATE_NANOS -> DataType.DATETIME;
            case GEO_POINT -> DataType.GEO_POINT;
            default -> DataType.UNSUPPORTED;
        };
    }

    @Override
    public Set<String> names() {
        Set<String> known = names;
        if (known == null) {
            Set<String> columns = new TreeSet<>();
            for (String name : schema.names()) {
                if (typeOf(name) != null) {
                    columns.add(name);
                }
            }
            known = Set.copyOf(columns);
            names = known;
        }
        return known;
    }
}
