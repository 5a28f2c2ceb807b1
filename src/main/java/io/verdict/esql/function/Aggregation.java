package io.verdict.esql.function;

import io.verdict.esql.value.DataType;
import java.util.List;

/** An aggregation whose binding is one lambda: what every built-in aggregation is. */
record Aggregation(String name, Binder binder) implements AggregateFunction {

    /** Checks the argument types and binds; see {@link AggregateFunction#bind}. */
    @FunctionalInterface
    interface Binder {
        Bound bind(List<DataType> types, List<Object> constants);
    }

    @Override
    public Bound bind(List<DataType> types, List<Object> constants) {
        return binder.bind(types, constants);
    }

    /** A string type as aggregations answer it: text comes back as keyword. */
    static DataType answered(DataType type) {
        return type == DataType.TEXT ? DataType.KEYWORD : type;
    }
}
