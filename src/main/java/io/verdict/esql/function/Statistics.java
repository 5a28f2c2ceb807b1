package io.verdict.esql.function;

import io.verdict.esql.value.DataType;
import io.verdict.esql.value.Values;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The aggregations over the distribution of numbers: {@code MEDIAN}, {@code PERCENTILE},
 * {@code MEDIAN_ABSOLUTE_DEVIATION}, {@code STD_DEV}, {@code VARIANCE}. Percentiles are exact (linear interpolation
 * between the closest ranks), which is what ES's t-digest gives for the small sets it keeps uncompressed.
 */
final class Statistics {

    private Statistics() {}

    static List<AggregateFunction> all() {
        return List.of(
                new Aggregation("MEDIAN", (t, c) -> sampled("MEDIAN", t, 1, s -> percentile(s, 50))),
                new Aggregation("PERCENTILE", Statistics::percentileOf),
                new Aggregation(
                        "MEDIAN_ABSOLUTE_DEVIATION",
                        (t, c) -> sampled("MEDIAN_ABSOLUTE_DEVIATION", t, 1, Statistics::deviation)),
                new Aggregation("STD_DEV", (t, c) -> moments("STD_DEV", t, true)),
                new Aggregation("VARIANCE", (t, c) -> moments("VARIANCE", t, false)),
                new Aggregation("WEIGHTED_AVG", Statistics::weightedAverage));
    }

    /** {@code WEIGHTED_AVG(x, weight)}: rows with a multivalued value or weight count every pair of elements. */
    private static AggregateFunction.Bound weightedAverage(List<DataType> types, List<Object> constants) {
        Arguments.count("WEIGHTED_AVG", types, 2, 2);
        Arguments.check(types, 0, "numeric except unsigned_long or counter types", Arguments.NUMERIC);
        Arguments.check(types, 1, "numeric except unsigned_long or counter types", Arguments.NUMERIC);
        return new AggregateFunction.Bound(DataType.DOUBLE, Weighted::new);
    }

    /** The sums of weighted values and of weights. */
    private static final class Weighted implements AggregateFunction.Accumulator {
        double weighted;
        double weights;

        @Override
        public void add(Object[] args) {
            Values.forEach(
                    args[0],
                    v -> Values.forEach(args[1], w -> {
                        weighted += ((Number) v).doubleValue() * ((Number) w).doubleValue();
                        weights += ((Number) w).doubleValue();
                    }));
        }

        @Override
        public void merge(AggregateFunction.Accumulator other) {
            weighted += ((Weighted) other).weighted;
            weights += ((Weighted) other).weights;
        }

        @Override
        public Object result() {
            return weights == 0 ? null : weighted / weights;
        }
    }

    private static AggregateFunction.Bound percentileOf(List<DataType> types, List<Object> constants) {
        Arguments.count("PERCENTILE", types, 2, 2);
        Arguments.check(types, 1, "numeric except unsigned_long", Arguments.NUMERIC);
        if (!Arguments.constant(constants, 1)) {
            throw new IllegalArgumentException("second argument of [PERCENTILE] must be a constant");
        }
        double p = ((Number) constants.get(1)).doubleValue();
        if (p < 0 || p > 100) {
            throw new IllegalArgumentException("Percentile must be in the range [0, 100], found [" + p + "]");
        }
        return sampled("PERCENTILE", types.subList(0, 1), 2, s -> percentile(s, p));
    }

    private static AggregateFunction.Bound sampled(
            String name, List<DataType> types, int max, Function<double[], Double> of) {
        Arguments.count(name, types, 1, max);
        Arguments.check(types, 0, "numeric except unsigned_long or counter types", Arguments.NUMERIC);
        return new AggregateFunction.Bound(DataType.DOUBLE, () -> new Sample(of));
    }

    static double percentile(double[] sorted, double p) {
        if (sorted.length == 1) {
            return sorted[0];
        }
        double rank = p / 100 * (sorted.length - 1);
        int low = (int) Math.floor(rank);
        int high = Math.min(low + 1, sorted.length - 1);
        return sorted[low] + (rank - low) * (sorted[high] - sorted[low]);
    }

    private static double deviation(double[] sorted) {
        double median = percentile(sorted, 50);
        double[] deviations = new double[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            deviations[i] = Math.abs(sorted[i] - median);
        }
        Arrays.sort(deviations);
        return percentile(deviations, 50);
    }

    /** Every number seen, for the order statistics. */
    private static final class Sample implements AggregateFunction.Accumulator {
        final Function<double[], Double> of;
        double[] values = new double[8];
        int n;

        Sample(Function<double[], Double> of) {
            this.of = of;
        }

        @Override
        public void add(Object[] args) {
            Values.forEach(args[0], v -> add(((Number) v).doubleValue()));
        }

        private void add(double v) {
            if (n == values.length) {
                values = Arrays.copyOf(values, n * 2);
            }
            values[n++] = v;
        }

        @Override
        public void merge(AggregateFunction.Accumulator other) {
            Sample o = (Sample) other;
            for (int i = 0; i < o.n; i++) {
                add(o.values[i]);
            }
        }

        @Override
        public Object result() {
            if (n == 0) {
                return null;
            }
            double[] sorted = Arrays.copyOf(values, n);
            Arrays.sort(sorted);
            return of.apply(sorted);
        }
    }

    private static AggregateFunction.Bound moments(String name, List<DataType> types, boolean root) {
        Arguments.count(name, types, 1, 1);
        Arguments.check(types, 0, "numeric except unsigned_long or counter types", Arguments.NUMERIC);
        return new AggregateFunction.Bound(DataType.DOUBLE, () -> new Moments(root));
    }

    /** Welford's running mean and sum of squared deviations; merged with Chan's formula. Population variance. */
    private static final class Moments implements AggregateFunction.Accumulator {
        final boolean root;
        long n;
        double mean;
        double m2;

        Moments(boolean root) {
            this.root = root;
        }

        @Override
        public void add(Object[] args) {
            Values.forEach(args[0], v -> {
                double x = ((Number) v).doubleValue();
                n++;
                double delta = x - mean;
                mean += delta / n;
                m2 += delta * (x - mean);
            });
        }

        @Override
        public void merge(AggregateFunction.Accumulator other) {
            Moments o = (Moments) other;
            if (o.n == 0) {
                return;
            }
            long total = n + o.n;
            double delta = o.mean - mean;
            mean += delta * o.n / total;
            m2 += o.m2 + delta * delta * n * o.n / total;
            n = total;
        }

        @Override
        public Object result() {
            if (n == 0) {
                return null;
            }
            double variance = m2 / n;
            return root ? Math.sqrt(variance) : variance;
        }
    }
}
