package io.verdict.esql.run;

import io.verdict.esql.function.AggregateFunction.Accumulator;
import java.util.function.Supplier;

/**
 * One aggregation call of a {@code STATS}, compiled: its argument values (none for {@code COUNT(*)}), its
 * {@code WHERE} filter (null when there is none) and where its failures are reported.
 */
public record Aggregation(Site site, Evaluator[] args, Evaluator filter, Supplier<Accumulator> accumulators) {

    /** The row's argument values; null when the row does not pass the filter. */
    Object[] arguments(Object[] row, Run run) {
        if (filter != null && !Boolean.TRUE.equals(filter.eval(row, run))) {
            return null;
        }
        Object[] values = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            values[i] = args[i].eval(row, run);
        }
        return values;
    }

    Object result(Accumulator accumulator, Run run) {
        try {
            return accumulator.result();
        } catch (ArithmeticException | IllegalArgumentException e) {
            run.fail(site, e, false);
            return null;
        }
    }
}
