package io.verdict.esql.function;

import io.verdict.esql.value.DataType;
import io.verdict.esql.value.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The aggregations that pick values: {@code TOP(x, n, order)}, {@code FIRST(x, sort)}, {@code LAST(x, sort)}. */
final class Selections {

    private Selections() {}

    static List<AggregateFunction> all() {
        return List.of(
                new Aggregation("TOP", Selections::top),
                new Aggregation("FIRST", (t, c) -> picked("FIRST", t, -1)),
                new Aggregation("LAST", (t, c) -> picked("LAST", t, 1)));
    }

    private static AggregateFunction.Bound top(List<DataType> types, List<Object> constants) {
        Arguments.count("TOP", types, 3, 4);
        Arguments.check(types, 0, "boolean or date or ip or string or numeric", Arguments.ORDERED);
        Arguments.check(types, 1, "integer", Arguments.INTEGER);
        Arguments.check(types, 2, "keyword", Arguments.STRING);
        if (!Arguments.constant(constants, 1) || !Arguments.constant(constants, 2)) {
            if (types.get(0) == DataType.NULL
                    || types.get(1) == DataType.NULL
                    || types.get(2) == DataType.NULL
                    || types.size() == 4 && types.get(3) == DataType.NULL) {
                return new AggregateFunction.Bound(DataType.NULL, Nothing::new);
            }
            throw new IllegalArgumentException("Limit and order of [TOP] must be constants");
        }
        int limit = ((Number) constants.get(1)).intValue();
        if (limit <= 0) {
            throw new IllegalArgumentException("Limit must be greater than 0 in [TOP], found [" + limit + "]");
        }
        String order = ((String) constants.get(2)).toLowerCase(Locale.ROOT);
        if (!order.equals("asc") && !order.equals("desc")) {
            throw new IllegalArgumentException(
                    "Invalid order value in [TOP], expected [ASC, DESC] but got [" + constants.get(2) + "]");
        }
        if (types.get(0) == DataType.NULL || types.size() == 4 && types.get(3) == DataType.NULL) {
            return new AggregateFunction.Bound(DataType.NULL, Nothing::new);
        }
        int sign = order.equals("asc") ? 1 : -1;
        return new AggregateFunction.Bound(Aggregation.answered(types.get(0)), () -> new Top(limit, sign));
    }

    /** An aggregation of the null literal: always null. */
    private static final class Nothing implements AggregateFunction.Accumulator {
        @Override
        public void add(Object[] args) {}

        @Override
        public void merge(AggregateFunction.Accumulator other) {}

        @Override
        public Object result() {
            return null;
        }
    }

    /** The {@code limit} first values in the order, duplicates kept. */
    private static final class Top implements AggregateFunction.Accumulator {
        final int limit;
        final int sign;
        final List<Object> kept = new ArrayList<>();

        Top(int limit, int sign) {
            this.limit = limit;
            this.sign = sign;
        }

        @Override
        public void add(Object[] args) {
            Values.forEach(args[0], this::offer);
        }

        private void offer(Object v) {
            int at = kept.size();
            while (at > 0 && ValueOrder.compare(v, kept.get(at - 1)) * sign < 0) {
                at--;
            }
            if (at < limit) {
                kept.add(at, v);
                if (kept.size() > limit) {
                    kept.remove(limit);
                }
            }
        }

        @Override
        public void merge(AggregateFunction.Accumulator other) {
            ((Top) other).kept.forEach(this::offer);
        }

        @Override
        public Object result() {
            return Values.of(kept);
        }
    }

    private static AggregateFunction.Bound picked(String name, List<DataType> types, int sign) {
        Arguments.count(name, types, 2, 2);
        Arguments.check(types, 0, "any type except unsigned_long and counter types", Arguments.ANY);
        Arguments.check(types, 1, "date or numeric", t -> t == DataType.DATETIME || t.numeric());
        boolean unsorted = types.get(1) == DataType.NULL;
        return new AggregateFunction.Bound(Aggregation.answered(types.get(0)), () -> new Picked(sign, unsorted));
    }

    /**
     * The value of the row whose sort key is the smallest ({@code sign} -1) or largest (+1); among equal keys the
     * first row seen. A null sort literal makes every row equal, so the first row's value wins.
     */
    private static final class Picked implements AggregateFunction.Accumulator {
        final int sign;
        final boolean unsorted;
        Object key;
        Object value;

        Picked(int sign, boolean unsorted) {
            this.sign = sign;
            this.unsorted = unsorted;
        }

        @Override
        public void add(Object[] args) {
            offer(args[0], args[1]);
        }

        private void offer(Object v, Object k) {
            if (v == null) {
                return;
            }
            if (unsorted) {
                if (value == null) {
                    value = v;
                }
                return;
            }
            // A multivalued sort key counts by its extreme element in the direction sought.
            Object best = null;
            for (Object e : Values.elements(k)) {
                if (best == null || ValueOrder.compare(e, best) * sign > 0) {
                    best = e;
                }
            }
            if (best != null && (key == null || ValueOrder.compare(best, key) * sign > 0)) {
                key = best;
                value = v;
            }
        }

        @Override
        public void merge(AggregateFunction.Accumulator other) {
            Picked o = (Picked) other;
            offer(o.value, unsorted ? null : o.key);
        }

        @Override
        public Object result() {
            return value;
        }
    }
}
