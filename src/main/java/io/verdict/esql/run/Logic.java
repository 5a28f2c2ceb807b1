package io.verdict.esql.run;

import io.verdict.esql.value.MultiValue;

/** {@code AND}, {@code OR}, {@code NOT}, {@code IS [NOT] NULL} with three-valued logic. */
public final class Logic {

    private Logic() {}

    /** A boolean operand's value: TRUE, FALSE, or null (a multivalue is null with a warning). */
    static Boolean truth(Evaluator operand, Object[] row, Run run, Site site) {
        Object v = operand.eval(row, run);
        if (v instanceof MultiValue) {
            run.fail(site, Call.MULTIVALUE, false);
            return null;
        }
        return (Boolean) v;
    }

    public record And(Site site, Evaluator left, Evaluator right) implements Evaluator {
        @Override
        public Object eval(Object[] row, Run run) {
            Boolean l = truth(left, row, run, site);
            if (Boolean.FALSE.equals(l)) {
                return false;
            }
            Boolean r = truth(right, row, run, site);
            if (Boolean.FALSE.equals(r)) {
                return false;
            }
            return l == null || r == null ? null : Boolean.TRUE;
        }
    }

    public record Or(Site site, Evaluator left, Evaluator right) implements Evaluator {
        @Override
        public Object eval(Object[] row, Run run) {
            Boolean l = truth(left, row, run, site);
            if (Boolean.TRUE.equals(l)) {
                return true;
            }
            Boolean r = truth(right, row, run, site);
            if (Boolean.TRUE.equals(r)) {
                return true;
            }
            return l == null || r == null ? null : Boolean.FALSE;
        }
    }

    public record Not(Site site, Evaluator operand) implements Evaluator {
        @Override
        public Object eval(Object[] row, Run run) {
            Boolean v = truth(operand, row, run, site);
            return v == null ? null : !v;
        }
    }

    public record IsNull(Evaluator operand, boolean negated) implements Evaluator {
        @Override
        public Object eval(Object[] row, Run run) {
            return (operand.eval(row, run) == null) != negated;
        }
    }
}
