package io.verdict.esql.function;

/**
 * The hashes ES's cardinality counting feeds its sketch: the first 64 bits of MurmurHash3 x64 128 (seed 0) of a
 * value's bytes, and a 64-bit mix of a number's bits.
 */
final class Murmur3 {

    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;

    private Murmur3() {}

    /** The first half ({@code h1}) of MurmurHash3_x64_128 of the bytes, seed 0. */
    static long hash128h1(byte[] b) {
        long h1 = 0;
        long h2 = 0;
        int blocks = b.length / 16;
        for (int i = 0; i < blocks; i++) {
            long k1 = littleEndian(b, i * 16);
            long k2 = littleEndian(b, i * 16 + 8);
            h1 ^= mixK1(k1);
            h1 = Long.rotateLeft(h1, 27) + h2;
            h1 = h1 * 5 + 0x52dce729;
            h2 ^= mixK2(k2);
            h2 = Long.rotateLeft(h2, 31) + h1;
            h2 = h2 * 5 + 0x38495ab5;
        }
        int tail = blocks * 16;
        long k1 = 0;
        long k2 = 0;
        int rest = b.length & 15;
        for (int i = rest - 1; i >= 8; i--) {
            k2 ^= (b[tail + i] & 0xffL) << ((i - 8) * 8);
        }
        for (int i = Math.min(rest, 8) - 1; i >= 0; i--) {
            k1 ^= (b[tail + i] & 0xffL) << (i * 8);
        }
        if (rest > 8) {
            h2 ^= mixK2(k2);
        }
        if (rest > 0) {
            h1 ^= mixK1(k1);
        }
        h1 ^= b.length;
        h2 ^= b.length;
        h1 += h2;
        h2 += h1;
        h1 = fmix64(h1);
        h2 = fmix64(h2);
        return h1 + h2;
    }

    /** HPPC's {@code BitMixer.mix64}, which ES applies to numbers before counting them. */
    static long mix64(long z) {
        z = (z ^ (z >>> 32)) * 0x4cd6944c5cc20b6dL;
        z = (z ^ (z >>> 29)) * 0xfc12c5b19d3259e9L;
        return z ^ (z >>> 32);
    }

    private static long mixK1(long k1) {
        return Long.rotateLeft(k1 * C1, 31) * C2;
    }

    private static long mixK2(long k2) {
        return Long.rotateLeft(k2 * C2, 33) * C1;
    }

    private static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }

    private static long littleEndian(byte[] b, int at) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = v << 8 | (b[at + i] & 0xffL);
        }
        return v;
    }
}
