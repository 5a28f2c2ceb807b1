package io.verdict.esql.function;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.verdict.esql.value.DataType;
import io.verdict.esql.value.GeoPoint;
import io.verdict.esql.value.Ip;
import io.verdict.esql.value.Values;

/**
 * {@code COUNT_DISTINCT(x[, precision])}: exact while the distinct values are no more than the precision threshold
 * (ES's default 3000, at most 40000), where ES's HyperLogLog++ is exact in practice; beyond it the values are
 * folded into a HyperLogLog sketch of 2^14 registers (about 0.8 % standard error), so that memory stays bounded.
 */
final class CountDistinct {

    static final int DEFAULT_THRESHOLD = 3000;
    static final int MAX_THRESHOLD = 40000;
    private static final int P = 14;
    private static final int M = 1 << P;

    private CountDistinct() {
    }

    static AggregateFunction function() {
        return new Aggregation("COUNT_DISTINCT", CountDistinct::bind);
    }

    private static AggregateFunction.Bound bind(List<DataType> types, List<Object> constants) {
        Arguments.count("COUNT_DISTINCT", types, 1, 2);
        Arguments.check(types, 0, "any exact type except unsigned_long, _source, or counter types", Arguments.ANY);
        Arguments.check(types, 1, "integer, long or unsigned_long", Arguments.WHOLE);
        int threshold = DEFAULT_THRESHOLD;
        if (types.size() == 2 && types.get(1) != DataType.NULL) {
            if (!Arguments.constant(constants, 1)) {
                throw new IllegalArgumentException("second argument of [COUNT_DISTINCT] must be a constant");
            }
            long asked = ((Number) constants.get(1)).longValue();
            if (asked < 0) {
                throw new IllegalArgumentException("second argument of [COUNT_DISTINCT] must be a positive number");
            }
            threshold = (int) Math.min(asked, MAX_THRESHOLD);
        }
        int limit = threshold;
        return new AggregateFunction.Bound(DataType.LONG, () -> new Counter(limit));
    }

    /** An exact set of values until it outgrows the threshold, then a sketch. */
    private static final class Counter implements AggregateFunction.Accumulator {
        final int threshold;
        Set<Object> exact = new HashSet<>();
        byte[] registers;

        Counter(int threshold) {
            this.threshold = threshold;
        }

        @Override
        public void add(Object[] args) {
            Values.forEach(args[0], this::offer);
        }

        private void offer(Object v) {
            if (registers != null) {
                sketch(hash(v));
                return;
            }
            if (exact.add(v) && exact.size() > Math.max(threshold, 1)) {
                registers = new byte[M];
                exact.forEach(e -> sketch(hash(e)));
                exact = null;
            }
        }

        private void sketch(long h) {
            int index = (int) (h >>> (64 - P));
            int rank = Long.numberOfLeadingZeros((h << P) | (1L << (P - 1))) + 1;
            if (rank > registers[index]) {
                registers[index] = (byte) rank;
            }
        }

        @Override
        public void merge(AggregateFunction.Accumulator other) {
            Counter o = (Counter) other;
            if (o.registers == null) {
                o.exact.forEach(this::offer);
                return;
            }
            if (registers == null) {
                registers = new byte[M];
                exact.forEach(e -> sketch(hash(e)));
                exact = null;
            }
            for (int i = 0; i < M; i++) {
                registers[i] = (byte) Math.max(registers[i], o.registers[i]);
            }
        }

        @Override
        public Object result() {
            if (registers == null) {
                return (long) exact.size();
            }
            double sum = 0;
            int zeros = 0;
            for (byte r : registers) {
                sum += Math.scalb(1.0, -r);
                if (r == 0) {
                    zeros++;
                }
            }
            double alpha = 0.7213 / (1 + 1.079 / M);
            double estimate = alpha * M * M / sum;
            if (estimate <= 2.5 * M && zeros > 0) {
                estimate = M * Math.log((double) M / zeros);
            }
            return Math.round(estimate);
        }
    }

    /** A well-mixed 64-bit hash of a value's content (not of its Java identity). */
    static long hash(Object v) {
        long h;
        if (v instanceof String s) {
            h = 0xcbf29ce484222325L;
            for (int i = 0; i < s.length(); i++) {
                h = (h ^ s.charAt(i)) * 0x100000001b3L;
            }
        } else if (v instanceof Double d) {
            h = Double.doubleToLongBits(d);
        } else if (v instanceof Number n) {
            h = n.longValue();
        } else if (v instanceof Boolean b) {
            h = b ? 1 : 0;
        } else if (v instanceof Instant t) {
            h = t.toEpochMilli();
        } else if (v instanceof Ip ip) {
            h = ip.hashCode();
            h = h * 31 + ip.byteAt(15);
        } else if (v instanceof GeoPoint p) {
            h = Double.doubleToLongBits(p.lon()) * 31 + Double.doubleToLongBits(p.lat());
        } else {
            h = v.hashCode();
        }
        return mix(h);
    }

    private static long mix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb3fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
