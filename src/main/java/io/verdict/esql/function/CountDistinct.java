package io.verdict.esql.function;

import io.verdict.esql.value.DataType;
import io.verdict.esql.value.GeoPoint;
import io.verdict.esql.value.Ip;
import io.verdict.esql.value.Values;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code COUNT_DISTINCT(x[, precision])} as ES counts: HyperLogLog++ over the hashes ES computes (MurmurHash3 of a
 * string's or an address's bytes, a bit mix of a number). The precision threshold (default 3000, at most 40000)
 * sets the sketch's precision; up to about the threshold the distinct hashes are counted exactly (linear counting),
 * beyond it in the registers, which answer with linear counting up to ES's per-precision threshold (as ES does)
 * and with the raw HyperLogLog estimate above. Between that threshold and five times the register count ES
 * corrects the raw estimate by an empirical bias table; Verdict answers with linear counting there instead (the
 * original HyperLogLog's choice), so such counts may differ from ES's by about a percent.
 */
final class CountDistinct {

    static final int DEFAULT_THRESHOLD = 3000;
    static final int MAX_THRESHOLD = 40000;
    private static final int MIN_PRECISION = 4;
    private static final int MAX_PRECISION = 18;
    private static final double MAX_LOAD_FACTOR = 0.75;
    /** The precision of the hashes the exact phase keeps. */
    private static final int P2 = 25;
    /** Up to this estimate (by precision, from 4) linear counting over the registers is the answer. */
    private static final int[] THRESHOLDS = {
        10, 20, 40, 80, 220, 400, 900, 1800, 3100, 6500, 11500, 20000, 50000, 120000, 350000
    };

    private CountDistinct() {}

    static AggregateFunction function() {
        return new Aggregation("COUNT_DISTINCT", CountDistinct::bind);
    }

    private static AggregateFunction.Bound bind(List<DataType> types, List<Object> constants) {
        Arguments.count("COUNT_DISTINCT", types, 1, 2);
        Arguments.check(types, 0, "any exact type except unsigned_long, _source, or counter types", Arguments.ANY);
        Arguments.check(types, 1, "integer, long or unsigned_long", Arguments.WHOLE);
        long threshold = DEFAULT_THRESHOLD;
        if (types.size() == 2 && types.get(1) != DataType.NULL) {
            if (!Arguments.constant(constants, 1)) {
                throw new IllegalArgumentException("second argument of [COUNT_DISTINCT] must be a constant");
            }
            threshold = ((Number) constants.get(1)).longValue();
            if (threshold < 0) {
                throw new IllegalArgumentException("second argument of [COUNT_DISTINCT] must be a positive number");
            }
        }
        int p = precision(Math.min(threshold, MAX_THRESHOLD));
        return new AggregateFunction.Bound(DataType.LONG, () -> new Sketch(p));
    }

    /** The precision ES gives a threshold: enough bits for a hash table of 4-byte entries holding it. */
    static int precision(long threshold) {
        long entries = (long) Math.ceil(threshold / MAX_LOAD_FACTOR);
        int bits = Math.max(1, 64 - Long.numberOfLeadingZeros(entries * Integer.BYTES));
        return Math.min(MAX_PRECISION, Math.max(MIN_PRECISION, bits));
    }

    /** Distinct encoded hashes while they are few, then 2^p registers. */
    private static final class Sketch implements AggregateFunction.Accumulator {
        final int p;
        final int exactLimit;
        Set<Integer> exact = new HashSet<>();
        byte[] registers;

        Sketch(int p) {
            this.p = p;
            this.exactLimit = (int) (((1 << p) / 4) * MAX_LOAD_FACTOR);
        }

        @Override
        public void add(Object[] args) {
            Values.forEach(args[0], v -> offer(hash(v)));
        }

        private void offer(long hash) {
            if (registers != null) {
                register((int) (hash >>> (64 - p)), Long.numberOfLeadingZeros((hash << p) | (1L << (p - 1))) + 1);
            } else {
                offerEncoded(encode(hash));
            }
        }

        private void offerEncoded(int encoded) {
            if (registers != null) {
                registerEncoded(encoded);
            } else if (exact.add(encoded) && exact.size() > exactLimit) {
                registers = new byte[1 << p];
                exact.forEach(this::registerEncoded);
                exact = null;
            }
        }

        private int encode(long hash) {
            long e = hash >>> (64 - P2);
            long encoded;
            if ((e & ((1L << (P2 - p)) - 1)) == 0) {
                int runLength = 1 + Math.min(Long.numberOfLeadingZeros(hash << P2), 64 - P2);
                encoded = (e << 7) | ((long) runLength << 1) | 1;
            } else {
                encoded = e << 1;
            }
            return (int) encoded;
        }

        private void registerEncoded(int encoded) {
            boolean withRun = (encoded & 1) == 1;
            int index = (withRun ? encoded >>> 7 : encoded >>> 1) >>> (P2 - p);
            int run = withRun
                    ? ((encoded >>> 1) & 63) + (P2 - p)
                    : 1 + Integer.numberOfLeadingZeros((encoded << (31 - P2)) << p);
            register(index, run);
        }

        private void register(int index, int run) {
            if (run > registers[index]) {
                registers[index] = (byte) run;
            }
        }

        @Override
        public void merge(AggregateFunction.Accumulator other) {
            Sketch o = (Sketch) other;
            if (o.registers == null) {
                o.exact.forEach(this::offerEncoded);
                return;
            }
            if (registers == null) {
                registers = new byte[1 << p];
                exact.forEach(this::registerEncoded);
                exact = null;
            }
            for (int i = 0; i < registers.length; i++) {
                registers[i] = (byte) Math.max(registers[i], o.registers[i]);
            }
        }

        @Override
        public Object result() {
            if (registers == null) {
                return (long) exact.size();
            }
            int m = registers.length;
            double inverseSum = 0;
            int zeros = 0;
            for (byte r : registers) {
                inverseSum += Math.scalb(1.0, -r);
                if (r == 0) {
                    zeros++;
                }
            }
            double raw = alpha(m) * m * m / inverseSum;
            double small = zeros == 0 ? raw : m * Math.log((double) m / zeros);
            if (small <= THRESHOLDS[p - MIN_PRECISION]) {
                return Math.round(small);
            }
            // ES subtracts an empirical bias from the raw estimate up to 5m; without its table, linear counting
            // is the closer answer while registers are still empty, as in the original HyperLogLog.
            return Math.round(zeros > 0 && raw <= 2.5 * m ? small : raw);
        }

        private static double alpha(int m) {
            return switch (m) {
                case 16 -> 0.673;
                case 32 -> 0.697;
                case 64 -> 0.709;
                default -> 0.7213 / (1 + 1.079 / m);
            };
        }
    }

    /** The hash ES counts a value by. */
    static long hash(Object v) {
        if (v instanceof String s) {
            return Murmur3.hash128h1(s.getBytes(StandardCharsets.UTF_8));
        }
        if (v instanceof Ip ip) {
            return Murmur3.hash128h1(ip.bytes());
        }
        if (v instanceof Double d) {
            return Murmur3.mix64(Double.doubleToLongBits(d));
        }
        if (v instanceof Number n) {
            return Murmur3.mix64(n.longValue());
        }
        if (v instanceof Instant t) {
            return Murmur3.mix64(t.toEpochMilli());
        }
        if (v instanceof Boolean b) {
            return Murmur3.mix64(b ? 1 : 0);
        }
        GeoPoint g = (GeoPoint) v;
        return Murmur3.mix64(Double.doubleToLongBits(g.lon()) * 31 + Double.doubleToLongBits(g.lat()));
    }
}
