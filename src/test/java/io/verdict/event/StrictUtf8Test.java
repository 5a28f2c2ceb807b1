package io.verdict.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/** Invalid UTF-8 of every kind is refused where an event is read, by both the scanner's and Jackson's paths. */
class StrictUtf8Test {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Each kind of invalid sequence, what the message names, and whether Jackson alone would accept it. */
    record Case(String name, byte[] bytes, String what) {}

    static List<Case> invalid() {
        return List.of(
                new Case("encoded surrogate", bytes(0xED, 0xA0, 0x80), "ED A0 80 (an encoded surrogate, CESU-8)"),
                new Case(
                        "CESU-8 pair",
                        bytes(0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80),
                        "ED A0 BD (an encoded surrogate, CESU-8)"),
                new Case("overlong slash", bytes(0xC0, 0xAF), "C0 AF (an overlong form)"),
                new Case("overlong three bytes", bytes(0xE0, 0x80, 0xAF), "E0 80 AF (an overlong form)"),
                new Case("overlong four bytes", bytes(0xF0, 0x80, 0x80, 0xAF), "F0 80 80 AF (an overlong form)"),
                new Case("above U+10FFFF", bytes(0xF4, 0x90, 0x80, 0x80), "F4 90 80 80 (a code point above U+10FFFF)"),
                new Case("lead byte F5", bytes(0xF5, 0x80, 0x80, 0x80), "F5 80 80 80 (a code point above U+10FFFF)"),
                new Case("byte FF", bytes(0xFF), "FF (a byte UTF-8 never uses)"),
                new Case("lone continuation byte", bytes(0x80), "80 (a continuation byte without a lead byte)"),
                new Case("sequence cut short", bytes(0xE2, 0x82), "E2 82 (a sequence cut short)"));
    }

    @TestFactory
    Stream<DynamicTest> cesu8SurrogateBytesAreAnErrorOfTheirOwnEvent() {
        FieldSet fields = FieldSet.of(List.of("a"));
        return invalid().stream()
                .flatMap(c -> Stream.of(
                        // in a field the event keeps, and in one it skips (whose bytes Jackson does not decode)
                        DynamicTest.dynamicTest(
                                c.name() + " in a kept value",
                                () -> assertRefused(join("{\"a\":\"x", c.bytes(), "y\"}"), fields, c.what(), 8)),
                        DynamicTest.dynamicTest(
                                c.name() + " in a skipped value",
                                () -> assertRefused(
                                        join("{\"a\":1,\n \"b\":{\"c\":\"", c.bytes(), "\"}}"), fields, c.what(), 12)),
                        DynamicTest.dynamicTest(
                                c.name() + " in a key",
                                () -> assertRefused(join("{\"", c.bytes(), "\":1}"), fields, c.what(), 3))));
    }

    private static void assertRefused(byte[] json, FieldSet fields, String what, int column) {
        assertNull(FlatScanner.scan(JSON, json, fields), "the scanner reads UTF-8 only");
        InvalidUtf8Exception e = assertThrows(InvalidUtf8Exception.class, () -> Event.parse(JSON, json, fields));
        assertEquals("Invalid UTF-8: " + what, e.getOriginalMessage());
        assertEquals(column, e.getLocation().getColumnNr());
        // the tree form says "not a JSON object", for this reason
        assertTrue(
                assertThrows(IllegalArgumentException.class, () -> Event.parse(json))
                                .getCause()
                        instanceof InvalidUtf8Exception);
    }

    @Test
    void validUtf8OfEveryLengthPasses() {
        byte[] text =
                "a\u00e9\u20ac\ud83d\ude00\u007f\u0080\u07ff\u0800\uffff\udbff\udfff".getBytes(StandardCharsets.UTF_8);
        assertEquals(-1, StrictUtf8.firstInvalid(text, 0, text.length));
        byte[] json = join("{\"a\":\"", text, "\"}");
        assertEquals(
                "a\u00e9\u20ac\ud83d\ude00\u007f\u0080\u07ff\u0800\uffff\udbff\udfff",
                Event.parse(JSON, json, FieldSet.of(List.of("a")))
                        .firstValue(FieldPath.of("a"))
                        .stringValue());
    }

    /** Random bytes: the strict check agrees with the JDK's decoder, which reports malformed input the same way. */
    @Test
    void firstInvalidAgreesWithTheJdkDecoder() {
        Random random = new Random(3629);
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = new byte[random.nextInt(12)];
            for (int k = 0; k < bytes.length; k++) {
                bytes[k] = (byte) (random.nextInt(4) == 0 ? random.nextInt(128) : 0x80 + random.nextInt(128));
            }
            boolean jdk = true;
            try {
                StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes));
            } catch (java.nio.charset.CharacterCodingException e) {
                jdk = false;
            }
            assertEquals(
                    jdk,
                    StrictUtf8.firstInvalid(bytes, 0, bytes.length) < 0,
                    () -> java.util.HexFormat.of().formatHex(bytes));
        }
    }

    /**
     * A JSON array streamed through the checking input, one byte a read (so sequences straddle reads): each
     * element with invalid bytes is named, the others parse as sent.
     */
    @Test
    void anArrayStreamMakesEachBadElementAloneAnError() throws IOException {
        List<byte[]> elements = new ArrayList<>();
        for (Case c : invalid()) {
            elements.add(join("{\"a\":\"", c.bytes(), "\"}"));
            elements.add("{\"a\":\"\u00e9\ud83d\ude00\"}".getBytes(StandardCharsets.UTF_8));
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write('[');
        for (int i = 0; i < elements.size(); i++) {
            body.write(i == 0 ? ' ' : ',');
            body.writeBytes(elements.get(i));
        }
        body.write(']');
        Utf8CheckingInput checked = new Utf8CheckingInput(new OneByteAtATime(body.toByteArray()));
        List<String> found = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(checked)) {
            assertEquals(JsonToken.START_ARRAY, parser.nextToken());
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                String a = Event.read(JSON, parser, FieldSet.of(List.of("a")))
                        .firstValue(FieldPath.of("a"))
                        .stringValue();
                Utf8CheckingInput.Invalid invalid =
                        checked.invalidBefore(parser.currentLocation().getByteOffset());
                found.add(invalid == null ? a : invalid.what());
            }
        }
        List<String> expected = new ArrayList<>();
        invalid().forEach(c -> {
            expected.add(c.what());
            expected.add("\u00e9\ud83d\ude00");
        });
        assertEquals(expected, found);
    }

    @Test
    void tooManyInvalidSequencesFailTheStream() {
        byte[] body = new byte[Utf8CheckingInput.MAX_PENDING * 2 + 10];
        java.util.Arrays.fill(body, (byte) 0xFF);
        for (int i = 0; i < body.length; i += 2) {
            body[i] = 'a';
        }
        IOException e = assertThrows(
                IOException.class, () -> new Utf8CheckingInput(new ByteArrayInputStream(body)).readAllBytes());
        assertTrue(e.getMessage().startsWith("Invalid UTF-8: more than"));
    }

    @Test
    void aSequenceCutShortByTheEndOfTheStreamIsNoted() throws IOException {
        Utf8CheckingInput checked = new Utf8CheckingInput(new OneByteAtATime(bytes('x', 0xF0, 0x9F, 0x98)));
        assertEquals("x???", new String(checked.readAllBytes(), StandardCharsets.US_ASCII));
        assertEquals(new Utf8CheckingInput.Invalid(1, "F0 9F 98 (a sequence cut short)"), checked.invalidBefore(4));
        assertNull(checked.invalidBefore(Long.MAX_VALUE));
    }

    static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    static byte[] join(String before, byte[] middle, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(middle);
        out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** Hands on one byte a read, as a slow network does. */
    private static final class OneByteAtATime extends InputStream {
        private final byte[] bytes;
        private int next;

        OneByteAtATime(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read() {
            return next < bytes.length ? bytes[next++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] into, int offset, int length) {
            if (next >= bytes.length) {
                return -1;
            }
            into[offset] = bytes[next++];
            return 1;
        }
    }
}
