package io.verdict.esql.run;

import io.verdict.esql.function.AggregateFunction.Accumulator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code STATS}: one row per group, as wide as its segment (known once the whole query is compiled): the group's key values from {@code keyBase}, its aggregates
 * from {@code resultBase}, and the written expressions over them ({@code outputs}) into their slots. Without keys
 * there is one group, also over no rows.
 */
public record Stats(
        Grouping grouping,
        java.util.function.IntSupplier width,
        int keyBase,
        int resultBase,
        int[] outputSlots,
        Evaluator[] outputs)
        implements Step {

    @Override
    public List<Object[]> apply(List<Object[]> rows, Run run) {
        Map<List<Object>, Accumulator[]> groups = grouping.group(rows, run, null);
        run.groups(groups.size());
        List<Object[]> out = new ArrayList<>(groups.size());
        for (Map.Entry<List<Object>, Accumulator[]> g : groups.entrySet()) {
            Object[] row = new Object[width.getAsInt()];
            List<Object> key = g.getKey();
            for (int j = 0; j < key.size(); j++) {
                row[keyBase + j] = key.get(j);
            }
            Object[] results = grouping.results(g.getValue(), run);
            System.arraycopy(results, 0, row, resultBase, results.length);
            for (int i = 0; i < outputs.length; i++) {
                row[outputSlots[i]] = outputs[i].eval(row, run);
            }
            out.add(row);
        }
        return out;
    }
}
