package io.verdict.esql.run;

import io.verdict.esql.value.MultiValue;

/** {@code CASE} and {@code COALESCE}: only the arguments needed are evaluated. */
public final class Conditionals {

    private Conditionals() {}

    /**
     * {@code CASE(c1, v1, ..., [else])}: the value of the first condition that is true; a multivalued condition is
     * false with a warning; null when none is true and there is no else.
     */
    public record Case(Site site, Evaluator[] conditions, Evaluator[] values, Evaluator otherwise)
            implements Evaluator {
        @Override
        public Object eval(Object[] row, Run run) {
            for (int i = 0; i < conditions.length; i++) {
                Object c = conditions[i].eval(row, run);
                if (c instanceof MultiValue) {
                    run.fail(site, Call.MULTIVALUE, true);
                } else if (Boolean.TRUE.equals(c)) {
                    return values[i].eval(row, run);
                }
            }
            return otherwise == null ? null : otherwise.eval(row, run);
        }
    }

    /** {@code COALESCE(a, b, ...)}: the first argument that is not null, whole (a multivalue stays one). */
    public record Coalesce(Evaluator[] args) implements Evaluator {
        @Override
        public Object eval(Object[] row, Run run) {
            for (Evaluator arg : args) {
                Object v = arg.eval(row, run);
                if (v != null) {
                    return v;
                }
            }
            return null;
        }
    }
}
