package io.verdict.esql.run;

import io.verdict.esql.value.MultiValue;
import io.verdict.esql.value.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@code DISSECT} and {@code GROK}: the input string parsed into one value per key, written into the keys' slots.
 * A null input or no match gives nulls and keeps the row; a multivalued input is parsed element by element and each
 * key gathers what the matching elements gave, in order.
 *
 * @param parser the values of the keys for one string, or null when it does not match
 */
public record TextParse(Evaluator input, int[] slots, Function<String, Object[]> parser) implements Step {

    @Override
    public List<Object[]> apply(List<Object[]> rows, Run run) {
        Steps.charge(rows.size());
        for (Object[] row : rows) {
            Object v = input.eval(row, run);
            if (v instanceof MultiValue mv) {
                List<List<Object>> gathered = new ArrayList<>(slots.length);
                for (int k = 0; k < slots.length; k++) {
                    gathered.add(new ArrayList<>());
                }
                for (Object e : mv.elements()) {
                    Object[] values = parser.apply((String) e);
                    if (values != null) {
                        for (int k = 0; k < slots.length; k++) {
                            Values.forEach(values[k], gathered.get(k)::add);
                        }
                    }
                }
                for (int k = 0; k < slots.length; k++) {
                    row[slots[k]] = Values.of(gathered.get(k));
                }
                continue;
            }
            Object[] values = v == null ? null : parser.apply((String) v);
            for (int k = 0; k < slots.length; k++) {
                row[slots[k]] = values == null ? null : values[k];
            }
        }
        return rows;
    }
}
