package io.verdict.esql.run;

import io.verdict.esql.function.ScalarFunction;
import io.verdict.esql.value.MultiValue;
import io.verdict.query.Budget;

/**
 * A function or operator applied to its arguments' values with ES|QL's rules: a null argument makes the result
 * null, a multivalued one null and a warning (unless the function takes them), and a failure of the body null and
 * a warning naming the exception.
 */
public record Call(Site site, Evaluator[] args, ScalarFunction.Body body, boolean multivalues, boolean nulls)
        implements Evaluator {

    static final IllegalArgumentException MULTIVALUE =
            new IllegalArgumentException("single-value function encountered multi-value");

    @Override
    public Object eval(Object[] row, Run run) {
        Object[] values = new Object[args.length];
        boolean sawNull = false;
        boolean sawMulti = false;
        for (int i = 0; i < args.length; i++) {
            Object v = args[i].eval(row, run);
            values[i] = v;
            sawNull |= v == null;
            sawMulti |= v instanceof MultiValue;
        }
        if (sawNull && !nulls) {
            return null;
        }
        if (sawMulti && !multivalues) {
            run.fail(site, MULTIVALUE, false);
            return null;
        }
        return apply(site, body, values, run);
    }

    /** The body's result, or null and a warning when it fails as ES|QL functions fail. */
    static Object apply(Site site, ScalarFunction.Body body, Object[] values, Run run) {
        try {
            return body.apply(values);
        } catch (Budget.Exceeded e) {
            throw e;
        } catch (RuntimeException e) {
            run.fail(site, e, false);
            return null;
        }
    }
}
