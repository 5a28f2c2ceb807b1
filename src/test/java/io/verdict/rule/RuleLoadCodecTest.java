package io.verdict.rule;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Strings of the load cache: stored as Latin-1 when they fit, UTF-8 otherwise, and read back unchanged. */
class RuleLoadCodecTest {

    /** name | text ({@code null} for a null string); escapes as in Java. */
    private static final String[][] CASES = {
        {"null", null},
        {"empty", ""},
        {"ascii", "process.name : \"rclone.exe\""},
        {"Latin-1, top of its range", "caf\u00e9 \u00ff \u00a0 \u0080"},
        {"NUL and control chars", "a\u0000b\u0001\n\t"},
        {"beyond Latin-1 (euro sign)", "cost \u20ac"},
        {"one char beyond Latin-1 at the end", "\u00ff\u0100"},
        {"surrogate pair", "emoji \ud83d\ude00 done"},
        {"replacement char", "bad \ufffd byte"},
        {"long Latin-1", "x".repeat(70_000) + "\u00e9"},
    };

    @TestFactory
    Stream<DynamicTest> stringsReadBackUnchanged() {
        return Arrays.stream(CASES)
                .map(c -> DynamicTest.dynamicTest(c[0], () -> {
                    ByteBuffer in = ByteBuffer.wrap(written(c[1], "after"));
                    assertThat(RuleLoadCodec.readString(in)).isEqualTo(c[1]);
                    assertThat(RuleLoadCodec.readString(in)).isEqualTo("after");
                    assertThat(in.hasRemaining()).isFalse();
                }));
    }

    @TestFactory
    Stream<DynamicTest> latin1TextTakesOneBytePerChar() {
        return Stream.of("caf\u00e9", "ascii only", "\u00ff".repeat(10))
                .map(text -> DynamicTest.dynamicTest(
                        text, () -> assertThat(written(text)).hasSize(Integer.BYTES + text.length())));
    }

    private static byte[] written(String... values) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            for (String value : values) {
                RuleLoadCodec.writeString(out, value);
            }
        }
        return bytes.toByteArray();
    }
}
