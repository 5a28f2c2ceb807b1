package io.verdict.esql.run;

import io.verdict.esql.function.AggregateFunction.Accumulator;
import io.verdict.esql.value.Values;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code INLINE STATS}: every row kept, each given its groups' aggregates in {@code targetSlots}. The expressions
 * over the aggregates are computed per group in a scratch row laid out as for {@link Stats}; a row in several
 * groups (a multivalued key) gets the values of all of them, in the order of its key's elements.
 */
public record InlineStats(
        Grouping grouping, int scratchWidth, int keyBase, int resultBase, Evaluator[] outputs, int[] targetSlots)
        implements Step {

    @Override
    public List<Object[]> apply(List<Object[]> rows, Run run) {
        List<List<List<Object>>> memberships = new ArrayList<>(rows.size());
        Map<List<Object>, Accumulator[]> groups = grouping.group(rows, run, memberships);
        run.groups(groups.size());
        Map<List<Object>, Object[]> values = new HashMap<>();
        for (Map.Entry<List<Object>, Accumulator[]> g : groups.entrySet()) {
            Object[] scratch = new Object[scratchWidth];
            List<Object> key = g.getKey();
            for (int j = 0; j < key.size(); j++) {
                scratch[keyBase + j] = key.get(j);
            }
            Object[] results = grouping.results(g.getValue(), run);
            System.arraycopy(results, 0, scratch, resultBase, results.length);
            Object[] computed = new Object[outputs.length];
            for (int i = 0; i < outputs.length; i++) {
                computed[i] = outputs[i].eval(scratch, run);
            }
            values.put(key, computed);
        }
        for (int r = 0; r < rows.size(); r++) {
            Object[] row = rows.get(r);
            List<List<Object>> keys = memberships.get(r);
            for (int i = 0; i < outputs.length; i++) {
                if (keys.size() == 1) {
                    row[targetSlots[i]] = values.get(keys.get(0))[i];
                } else {
                    List<Object> all = new ArrayList<>();
                    for (List<Object> key : keys) {
                        Values.forEach(values.get(key)[i], all::add);
                    }
                    row[targetSlots[i]] = Values.of(all);
                }
            }
        }
        return rows;
    }
}
