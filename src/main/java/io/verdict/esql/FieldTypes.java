package io.verdict.esql;

import io.verdict.esql.value.DataType;
import java.util.Set;

/**
 * What stands in for Elasticsearch's index mappings when a query is compiled: the type of each source field, and
 * every field name known (what {@code KEEP *} and {@code DROP x*} expand against).
 */
public interface FieldTypes {

    /** The ES|QL type of a source field, or null when the field is not known. */
    DataType typeOf(String field);

    /** Every known field, for wildcard expansion; may be large (the whole ECS catalogue). */
    Set<String> names();
}
