package io.verdict.esql.run;

import io.verdict.esql.value.MultiValue;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/** {@code LIKE}, {@code RLIKE}, {@code =~} and {@code IN}: tests of one single value against constants or a list. */
public final class Patterns {

    private Patterns() {}

    /**
     * {@code x [NOT] LIKE/RLIKE p} and the list forms: true when any pattern matches the whole value; null for a
     * null value, null and a warning for a multivalue.
     */
    public record Like(Site site, Evaluator value, List<Predicate<String>> patterns, boolean negated)
            implements Evaluator {
        @Override
        public Object eval(Object[] row, Run run) {
            Object v = value.eval(row, run);
            if (v == null) {
                return null;
            }
            if (v instanceof MultiValue) {
                run.fail(site, Call.MULTIVALUE, false);
                return null;
            }
            String s = (String) v;
            for (Predicate<String> p : patterns) {
                if (p.test(s)) {
                    return !negated;
                }
            }
            return negated;
        }
    }

    /**
     * {@code x [NOT] IN (a, b, ...)}: true when x equals one; else null when x or an element is null, else false.
     * The list's elements are of x's type already.
     */
    public record In(Site site, Evaluator value, Evaluator[] list, boolean negated) implements Evaluator {
        @Override
        public Object eval(Object[] row, Run run) {
            Object v = value.eval(row, run);
            if (v == null) {
                return null;
            }
            if (v instanceof MultiValue) {
                run.fail(site, Call.MULTIVALUE, false);
                return null;
            }
            boolean sawNull = false;
            for (Evaluator e : list) {
                Object candidate = e.eval(row, run);
                if (candidate == null) {
                    sawNull = true;
                } else if (candidate instanceof MultiValue) {
                    // as the comparison with that element would be: null with a warning, the others still count
                    run.fail(site, Call.MULTIVALUE, false);
                    sawNull = true;
                } else if (Order.compare(v, candidate) == 0) {
                    return !negated;
                }
            }
            return sawNull ? null : negated;
        }
    }

    /**
     * {@code x [NOT] IN (...)} over constants only: one hash lookup. {@code sawNull} when the list holds a null.
     */
    public record InSet(Site site, Evaluator value, java.util.Set<Object> set, boolean sawNull, boolean negated)
            implements Evaluator {
        @Override
        public Object eval(Object[] row, Run run) {
            Object v = value.eval(row, run);
            if (v == null) {
                return null;
            }
            if (v instanceof MultiValue) {
                run.fail(site, Call.MULTIVALUE, false);
                return null;
            }
            if (set.contains(v)) {
                return !negated;
            }
            return sawNull ? null : negated;
        }
    }

    /** {@code a =~ b}: strings equal but for case. */
    public static boolean equalsInsensitive(String a, String b) {
        return a.equalsIgnoreCase(b) || a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT));
    }
}
