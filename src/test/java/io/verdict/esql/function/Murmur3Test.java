package io.verdict.esql.function;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class Murmur3Test {

    @Test
    void h1IsTheFirstHalfOfMurmurHash3X64Of128BitsForEveryTailLength() {
        StringBuilder s = new StringBuilder();
        for (int n = 0; n < 40; n++) {
            byte[] bytes = s.toString().getBytes(StandardCharsets.UTF_8);
            assertEquals(Hashing.murmur3_128().hashBytes(bytes).asLong(), Murmur3.hash128h1(bytes), "length " + n);
            s.append((char) ('a' + n % 26));
        }
        for (String text : List.of("127.0.0.1", "é€😀", "Senior Python Developer")) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            assertEquals(Hashing.murmur3_128().hashBytes(bytes).asLong(), Murmur3.hash128h1(bytes), text);
        }
    }

    @Test
    void mix64IsHppcsBitMixer() {
        for (long v : new long[] {0, 1, -1, 42, Long.MAX_VALUE, Long.MIN_VALUE, 520128000000L}) {
            assertEquals(org.apache.lucene.internal.hppc.BitMixer.mix64(v), Murmur3.mix64(v), "value " + v);
        }
    }
}
