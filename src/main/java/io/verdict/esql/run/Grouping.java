package io.verdict.esql.run;

import io.verdict.esql.EsqlRunException;
import io.verdict.esql.function.AggregateFunction.Accumulator;
import io.verdict.esql.value.MultiValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The groups of a {@code STATS} or {@code INLINE STATS} over a run's rows: a row goes into the group of each
 * combination of its keys' elements (a multivalued key puts it in several groups; a null key is a group of its
 * own), and each aggregation of each group sees the rows that pass its filter.
 */
public record Grouping(Evaluator[] keys, Aggregation[] aggregations) {

    /** Groups one run may make at most. */
    public static final int MAX_GROUPS = 100_000;

    /** The groups of the rows, in the order they were first seen; {@code memberships} gets each row's groups. */
    Map<List<Object>, Accumulator[]> group(List<Object[]> rows, Run run, List<List<List<Object>>> memberships) {
        Map<List<Object>, Accumulator[]> groups = new LinkedHashMap<>();
        if (keys.length == 0 && memberships == null) {
            groups.put(List.of(), fresh());
        }
        Steps.charge(rows.size() * Math.max(1, aggregations.length));
        for (Object[] row : rows) {
            Object[] values = new Object[keys.length];
            for (int i = 0; i < keys.length; i++) {
                values[i] = keys[i].eval(row, run);
            }
            Object[][] args = new Object[aggregations.length][];
            for (int k = 0; k < aggregations.length; k++) {
                args[k] = aggregations[k].arguments(row, run);
            }
            List<List<Object>> combinations = combinations(values);
            for (List<Object> key : combinations) {
                Accumulator[] accumulators = groups.get(key);
                if (accumulators == null) {
                    if (groups.size() >= MAX_GROUPS) {
                        throw new EsqlRunException("STATS would make more than " + MAX_GROUPS + " groups");
                    }
                    accumulators = fresh();
                    groups.put(key, accumulators);
                }
                for (int k = 0; k < aggregations.length; k++) {
                    if (args[k] != null) {
                        accumulators[k].add(args[k]);
                    }
                }
            }
            if (memberships != null) {
                memberships.add(combinations);
            }
        }
        return groups;
    }

    /** The aggregates of a group, in the order of the aggregations. */
    Object[] results(Accumulator[] accumulators, Run run) {
        Object[] out = new Object[aggregations.length];
        for (int k = 0; k < out.length; k++) {
            out[k] = aggregations[k].result(accumulators[k], run);
        }
        return out;
    }

    private Accumulator[] fresh() {
        Accumulator[] accumulators = new Accumulator[aggregations.length];
        for (int k = 0; k < accumulators.length; k++) {
            accumulators[k] = aggregations[k].accumulators().get();
        }
        return accumulators;
    }

    private static List<List<Object>> combinations(Object[] values) {
        List<List<Object>> out = new ArrayList<>(1);
        out.add(new ArrayList<>(values.length));
        for (Object v : values) {
            // a row is in a group once, however often its key holds the value
            List<Object> elements = v instanceof MultiValue mv
                    ? List.copyOf(new java.util.LinkedHashSet<>(mv.elements()))
                    : Arrays.asList(v);
            List<List<Object>> next = new ArrayList<>(out.size() * elements.size());
            for (List<Object> prefix : out) {
                for (Object e : elements) {
                    List<Object> key = new ArrayList<>(prefix);
                    key.add(e);
                    next.add(key);
                }
            }
            out = next;
        }
        return out;
    }
}
