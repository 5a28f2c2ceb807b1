package io.verdict.esql.function;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Every scalar function and aggregation Verdict's ES|QL knows, by name (case-insensitive). */
public final class Functions {

    /** ES's other names for conversions. */
    private static final Map<String, String> ALIASES = Map.of(
            "TO_DT",
            "TO_DATETIME",
            "TO_INT",
            "TO_INTEGER",
            "TO_STR",
            "TO_STRING",
            "TO_BOOL",
            "TO_BOOLEAN",
            "TO_DBL",
            "TO_DOUBLE",
            "FIRST_VALUE",
            "FIRST",
            "LAST_VALUE",
            "LAST",
            "STD_VAR",
            "VARIANCE");

    private static final Map<String, ScalarFunction> SCALARS = index(scalars());
    private static final Map<String, AggregateFunction> AGGREGATES = indexAggregates(aggregates());

    private Functions() {}

    /** The scalar function of that name, or null. */
    public static ScalarFunction scalar(String name) {
        return SCALARS.get(canonical(name));
    }

    /** The aggregation of that name, or null. */
    public static AggregateFunction aggregate(String name) {
        return AGGREGATES.get(canonical(name));
    }

    private static String canonical(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        return ALIASES.getOrDefault(upper, upper);
    }

    /** The names of every scalar function, sorted. */
    public static Set<String> scalarNames() {
        return new TreeSet<>(SCALARS.keySet());
    }

    /** The names of every aggregation, sorted. */
    public static Set<String> aggregateNames() {
        return new TreeSet<>(AGGREGATES.keySet());
    }

    private static List<ScalarFunction> scalars() {
        List<ScalarFunction> all = new ArrayList<>();
        all.addAll(StringFunctions.all());
        all.addAll(TextFunctions.all());
        all.addAll(Digests.all());
        all.addAll(MvFunctions.all());
        all.addAll(MvSetFunctions.all());
        all.addAll(Conversions.all());
        all.addAll(MathFunctions.all());
        all.addAll(DateFunctions.all());
        all.add(Bucket.function());
        all.addAll(NetworkFunctions.all());
        all.addAll(GeoFunctions.all());
        all.add(JsonExtract.function());
        return all;
    }

    private static List<AggregateFunction> aggregates() {
        List<AggregateFunction> all = new ArrayList<>();
        all.addAll(Aggregates.all());
        all.addAll(Statistics.all());
        all.addAll(Selections.all());
        all.add(CountDistinct.function());
        return all;
    }

    private static Map<String, ScalarFunction> index(List<ScalarFunction> functions) {
        Map<String, ScalarFunction> byName = new HashMap<>();
        for (ScalarFunction f : functions) {
            if (byName.put(f.name(), f) != null) {
                throw new IllegalStateException("two scalar functions named " + f.name());
            }
        }
        return Map.copyOf(byName);
    }

    private static Map<String, AggregateFunction> indexAggregates(List<AggregateFunction> functions) {
        Map<String, AggregateFunction> byName = new HashMap<>();
        for (AggregateFunction f : functions) {
            if (byName.put(f.name(), f) != null) {
                throw new IllegalStateException("two aggregations named " + f.name());
            }
        }
        return Map.copyOf(byName);
    }
}
