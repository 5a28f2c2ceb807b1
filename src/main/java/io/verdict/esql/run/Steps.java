package io.verdict.esql.run;

import io.verdict.esql.EsqlRunException;
import io.verdict.esql.value.MultiValue;
import io.verdict.query.Budget;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The row-by-row commands and the simple table ones: WHERE, EVAL, SORT, LIMIT, MV_EXPAND. */
public final class Steps {

    /** Rows {@code MV_EXPAND} may make in one run at most. */
    public static final int MAX_EXPANDED_ROWS = 1_000_000;

    private Steps() {}

    /** Charges the budget for a pass over many rows. */
    static void charge(int rows) {
        if (rows >= 1024) {
            Budget.charge(rows * 4L);
        }
    }

    /** {@code WHERE}: the rows whose condition is true. */
    public record Filter(Evaluator condition) implements Step {
        @Override
        public List<Object[]> apply(List<Object[]> rows, Run run) {
            charge(rows.size());
            List<Object[]> out = new ArrayList<>(rows.size());
            for (Object[] row : rows) {
                if (Boolean.TRUE.equals(condition.eval(row, run))) {
                    out.add(row);
                }
            }
            return out;
        }
    }

    /** {@code EVAL}: each value computed into its slot, in order (later ones see earlier ones). */
    public record Assign(int[] slots, Evaluator[] values) implements Step {
        @Override
        public List<Object[]> apply(List<Object[]> rows, Run run) {
            charge(rows.size());
            for (Object[] row : rows) {
                for (int i = 0; i < slots.length; i++) {
                    row[slots[i]] = values[i].eval(row, run);
                }
            }
            return rows;
        }
    }

    public record Limit(int count) implements Step {
        @Override
        public List<Object[]> apply(List<Object[]> rows, Run run) {
            return rows.size() <= count ? rows : new ArrayList<>(rows.subList(0, count));
        }
    }

    /** One key of {@code SORT}: nulls last ascending and first descending unless said otherwise. */
    public record SortKey(Evaluator value, boolean ascending, boolean nullsFirst) {}

    /** {@code SORT}: a stable sort; a multivalued key sorts by its least element ascending, greatest descending. */
    public record Sort(List<SortKey> keys) implements Step {
        @Override
        public List<Object[]> apply(List<Object[]> rows, Run run) {
            charge(rows.size() * 8);
            int n = keys.size();
            List<Object[]> keyed = new ArrayList<>(rows.size());
            for (Object[] row : rows) {
                Object[] k = new Object[n + 1];
                for (int i = 0; i < n; i++) {
                    k[i] = representative(
                            keys.get(i).value().eval(row, run), keys.get(i).ascending());
                }
                k[n] = row;
                keyed.add(k);
            }
            Comparator<Object[]> order = (a, b) -> {
                for (int i = 0; i < n; i++) {
                    SortKey key = keys.get(i);
                    int c = compareKeys(a[i], b[i], key);
                    if (c != 0) {
                        return c;
                    }
                }
                return 0;
            };
            keyed.sort(order);
            List<Object[]> out = new ArrayList<>(rows.size());
            for (Object[] k : keyed) {
                out.add((Object[]) k[n]);
            }
            return out;
        }

        private static Object representative(Object v, boolean ascending) {
            if (!(v instanceof MultiValue mv)) {
                return v;
            }
            Object best = mv.get(0);
            for (Object e : mv.elements()) {
                int c = Order.compare(e, best);
                if (ascending ? c < 0 : c > 0) {
                    best = e;
                }
            }
            return best;
        }

        private static int compareKeys(Object a, Object b, SortKey key) {
            if (a == null || b == null) {
                if (a == b) {
                    return 0;
                }
                return (a == null) == key.nullsFirst() ? -1 : 1;
            }
            int c = Order.compare(a, b);
            return key.ascending() ? c : -c;
        }
    }

    /**
     * {@code MV_EXPAND}: a row per element of the column (a null or single value keeps its one row), at most
     * {@code cap} rows (what a LIMIT after it keeps).
     */
    public record MvExpand(int from, int to, int cap) implements Step {
        @Override
        public List<Object[]> apply(List<Object[]> rows, Run run) {
            charge(rows.size());
            List<Object[]> out = new ArrayList<>(Math.min(rows.size(), cap));
            for (Object[] row : rows) {
                if (out.size() >= cap) {
                    break;
                }
                Object v = row[from];
                if (v instanceof MultiValue mv) {
                    if (out.size() + mv.size() > MAX_EXPANDED_ROWS) {
                        throw new EsqlRunException("MV_EXPAND would make more than " + MAX_EXPANDED_ROWS + " rows");
                    }
                    Budget.charge(mv.size());
                    for (Object e : mv.elements()) {
                        if (out.size() >= cap) {
                            break;
                        }
                        Object[] copy = row.clone();
                        copy[to] = e;
                        out.add(copy);
                    }
                } else {
                    row[to] = v;
                    out.add(row);
                }
            }
            return out;
        }
    }
}
