package io.verdict.esql.function;

import java.util.Locale;
import java.util.Map;

/** Every scalar function and aggregation Verdict's ES|QL knows, by name (case-insensitive). */
public final class Functions {

    private static final Map<String, ScalarFunction> SCALARS = Map.of();
    private static final Map<String, AggregateFunction> AGGREGATES = Map.of();

    private Functions() {
    }

    /** The scalar function of that name, or null. */
    public static ScalarFunction scalar(String name) {
        return SCALARS.get(name.toUpperCase(Locale.ROOT));
    }

    /** The aggregation of that name, or null. */
    public static AggregateFunction aggregate(String name) {
        return AGGREGATES.get(name.toUpperCase(Locale.ROOT));
    }
}
