package io.verdict.esql.function;

import io.verdict.esql.value.DataType;
import io.verdict.esql.value.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** The counting and extreme aggregations: {@code COUNT}, {@code MIN}, {@code MAX}, {@code SUM}, {@code AVG}, {@code VALUES}. */
final class Aggregates {

    private Aggregates() {}

    static List<AggregateFunction> all() {
        return List.of(
                new Aggregation("COUNT", Aggregates::count),
                new Aggregation("MIN", (t, c) -> extreme("MIN", t, -1)),
                new Aggregation("MAX", (t, c) -> extreme("MAX", t, 1)),
                new Aggregation("SUM", Aggregates::sum),
                new Aggregation("AVG", Aggregates::avg),
                new Aggregation("VALUES", Aggregates::values),
                new Aggregation("PRESENT", (t, c) -> presence("PRESENT", t, true)),
                new Aggregation("ABSENT", (t, c) -> presence("ABSENT", t, false)));
    }

    /** {@code PRESENT(x)}: whether any row had a value; {@code ABSENT(x)} the opposite. Never null. */
    private static AggregateFunction.Bound presence(String name, List<DataType> types, boolean present) {
        Arguments.count(name, types, 1, 1);
        return new AggregateFunction.Bound(DataType.BOOLEAN, () -> new Presence(present));
    }

    private static AggregateFunction.Bound count(List<DataType> types, List<Object> constants) {
        Arguments.count("COUNT", types, 0, 1);
        return new AggregateFunction.Bound(DataType.LONG, Count::new);
    }

    /** Counts rows ({@code COUNT(*)}) or values (every element of a multivalue). */
    private static final class Count implements AggregateFunction.Accumulator {
        long n;

        @Override
        public void add(Object[] args) {
            if (args.length == 0) {
                n++;
            } else {
                n += Values.elements(args[0]).size();
            }
        }

        @Override
        public void merge(AggregateFunction.Accumulator other) {
            n += ((Count) other).n;
        }

        @Override
        public Object result() {
            return n;
        }
    }

    private static AggregateFunction.Bound extreme(String name, List<DataType> types, int sign) {
        Arguments.count(name, types, 1, 1);
        Arguments.check(
                types,
                0,
                "boolean, date, ip, string or numeric except unsigned_long or counter types",
                Arguments.ORDERED);
        return new AggregateFunction.Bound(Aggregation.answered(types.get(0)), () -> new Extreme(sign));
    }

    /** The smallest ({@code sign} -1) or largest (+1) element seen. */
    private static final class Extreme implements AggregateFunction.Accumulator {
        final int sign;
        Object best;

        Extreme(int sign) {
            this.sign = sign;
        }

        @Override
        public void add(Object[] args) {
            Values.forEach(args[0], this::offer);
        }

        private void offer(Object v) {
            if (best == null || ValueOrder.compare(v, best) * sign > 0) {
                best = v;
            }
        }

        @Override
        public void merge(AggregateFunction.Accumulator other) {
            Object b = ((Extreme) other).best;
            if (b != null) {
                offer(b);
            }
        }

        @Override
        public Object result() {
            return best;
        }
    }

    private static AggregateFunction.Bound sum(List<DataType> types, List<Object> constants) {
        Arguments.count("SUM", types, 1, 1);
        Arguments.check(types, 0, "numeric except unsigned_long or counter types", Arguments.NUMERIC);
        DataType t = types.get(0);
        if (t == DataType.DOUBLE) {
            return new AggregateFunction.Bound(DataType.DOUBLE, () -> new Mean(false));
        }
        return new AggregateFunction.Bound(t == DataType.NULL ? DataType.NULL : DataType.LONG, WholeSum::new);
    }

    /** A sum of whole numbers; an overflow shows at the result, as ES's warning does. */
    private static final class WholeSum implements AggregateFunction.Accumulator {
        long sum;
        boolean seen;
        boolean overflow;

        @Override
        public void add(Object[] args) {
            Values.forEach(args[0], v -> add(((Number) v).longValue()));
        }

        private void add(long v) {
            seen = true;
            try {
                sum = Math.addExact(sum, v);
            } catch (ArithmeticException e) {
                overflow = true;
            }
        }

        @Override
        public void merge(AggregateFunction.Accumulator other) {
            WholeSum o = (WholeSum) other;
            if (o.seen) {
                add(o.sum);
            }
            overflow |= o.overflow;
        }

        @Override
        public Object result() {
            if (overflow) {
                throw new ArithmeticException("long overflow");
            }
            return seen ? sum : null;
        }
    }

    private static AggregateFunction.Bound avg(List<DataType> types, List<Object> constants) {
        Arguments.count("AVG", types, 1, 1);
        Arguments.check(types, 0, "numeric except unsigned_long or counter types", Arguments.NUMERIC);
        return new AggregateFunction.Bound(DataType.DOUBLE, () -> new Mean(true));
    }

    /** A compensated (Kahan) sum of doubles, as ES sums them, and its mean. */
    private static final class Mean implements AggregateFunction.Accumulator {
        final boolean mean;
        double sum;
        double compensation;
        long n;

        Mean(boolean mean) {
            this.mean = mean;
        }

        @Override
        public void add(Object[] args) {
            Values.forEach(args[0], v -> add(((Number) v).doubleValue(), 1));
        }

        private void add(double v, long count) {
            n += count;
            if (!Double.isFinite(v) || !Double.isFinite(sum)) {
                sum += v;
                return;
            }
            double y = v - compensation;
            double t = sum + y;
            compensation = (t - sum) - y;
            sum = t;
        }

        @Override
        public void merge(AggregateFunction.Accumulator other) {
            Mean o = (Mean) other;
            if (o.n > 0) {
                add(o.sum, o.n);
                add(-o.compensation, 0);
            }
        }

        @Override
        public Object result() {
            if (n == 0) {
                return null;
            }
            return mean ? sum / n : sum;
        }
    }

    private static AggregateFunction.Bound values(List<DataType> types, List<Object> constants) {
        Arguments.count("VALUES", types, 1, 1);
        Arguments.check(types, 0, "any type except unsigned_long and counter types", Arguments.ANY);
        return new AggregateFunction.Bound(Aggregation.answered(types.get(0)), Distinct::new);
    }

    /** The distinct values, answered in ascending order. */
    private static final class Distinct implements AggregateFunction.Accumulator {
        final TreeSet<Object> seen = new TreeSet<>(ValueOrder.ASCENDING);
        final List<Object> unordered = new ArrayList<>();

        @Override
        public void add(Object[] args) {
            Values.forEach(args[0], this::offer);
        }

        private void offer(Object v) {
            if (v instanceof io.verdict.esql.value.GeoPoint) {
                if (!unordered.contains(v)) {
                    unordered.add(v);
                }
            } else {
                seen.add(v);
            }
        }

        @Override
        public void merge(AggregateFunction.Accumulator other) {
            Distinct o = (Distinct) other;
            seen.addAll(o.seen);
            o.unordered.forEach(this::offer);
        }

        @Override
        public Object result() {
            List<Object> all = new ArrayList<>(seen);
            all.addAll(unordered);
            return Values.of(all);
        }
    }

    /** Whether a value was seen, answered as presence or absence. */
    private static final class Presence implements AggregateFunction.Accumulator {
        final boolean present;
        boolean seen;

        Presence(boolean present) {
            this.present = present;
        }

        @Override
        public void add(Object[] args) {
            seen |= args[0] != null;
        }

        @Override
        public void merge(AggregateFunction.Accumulator other) {
            seen |= ((Presence) other).seen;
        }

        @Override
        public Object result() {
            return seen == present;
        }
    }
}
