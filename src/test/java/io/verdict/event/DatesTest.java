package io.verdict.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class DatesTest {

    @TestFactory
    Stream<DynamicTest> commonShapeAgreesWithTheFormatter() throws IOException {
        try (InputStream in = DatesTest.class.getResourceAsStream("dates.txt")) {
            assertNotNull(in, "dates.txt");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .map(text -> DynamicTest.dynamicTest(text, () -> assertAgrees(text)));
        }
    }

    @Test
    void commonShapeReadsItsShape() {
        assertEquals(Instant.parse("2023-10-05T10:34:56.250Z"), Dates.commonShape("2023-10-05T12:34:56.250+02:00"));
        assertEquals(
                Instant.parse("2023-10-05T12:34:56.123456789Z"), Dates.commonShape("2023-10-05T12:34:56.123456789"));
    }

    /** Random texts around the common shape: digits, separators and offsets mutated one character at a time. */
    @Test
    void mutatedTimestampsAgree() {
        Random random = new Random(11);
        String alphabet = "0123456789-:T.Z+ z";
        for (int i = 0; i < 20_000; i++) {
            char[] text = String.format(
                            "%04d-%02d-%02dT%02d:%02d:%02d.%03d%s",
                            random.nextInt(10_000),
                            random.nextInt(14),
                            random.nextInt(33),
                            random.nextInt(25),
                            random.nextInt(61),
                            random.nextInt(61),
                            random.nextInt(1000),
                            random.nextBoolean() ? "Z" : "+01:30")
                    .toCharArray();
            if (random.nextBoolean()) {
                text[random.nextInt(text.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
            }
            assertAgrees(new String(text));
        }
    }

    private static void assertAgrees(String raw) {
        String text = raw.trim(); // parse trims before either reading
        if (text.isEmpty()) {
            return;
        }
        Instant common = Dates.commonShape(text);
        Instant formatted = Dates.formatted(text);
        if (common != null) {
            assertEquals(formatted, common, text);
        }
        assertEquals(formatted, Dates.parse(raw), raw);
    }
}
