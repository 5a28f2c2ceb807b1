package io.verdict.event;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.verdict.CaseFiles;
import io.verdict.bench.CorpusEvents;
import io.verdict.engine.RuleCompiler;
import io.verdict.rule.RuleSet;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The differential proof of {@link FlatScanner}: on every input, either it gives up, or it builds exactly the view
 * Jackson's tokens build ({@link FlatReader}): every value (type, value, bits of a double), its order and chain,
 * every slot's flags. Where Jackson rejects the input, the scanner must give up and the parse fail with Jackson's
 * error. Over hand-written cases, every corpus document and generated variant (where it must never give up), and
 * a fixed-seed mutation fuzz of them.
 */
class FlatScannerTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What happened to one input. */
    enum Outcome {
        SCANNED,
        GAVE_UP,
        REJECTED
    }

    @TestFactory
    Stream<DynamicTest> handWrittenCases() {
        return CaseFiles.cases(CaseFiles.toml(getClass(), "flat-scanner.toml"), "cases").stream()
                .map(c -> DynamicTest.dynamicTest(c.getString("name"), () -> {
                    List<String> names = new ArrayList<>();
                    c.getArray("fields").toList().forEach(n -> names.add((String) n));
                    byte[] json = c.getString("json").getBytes(StandardCharsets.UTF_8);
                    Outcome outcome = compare(JSON, json, FieldSet.of(names));
                    assertEquals(
                            c.getString("expect"),
                            switch (outcome) {
                                case SCANNED -> "scanned";
                                case GAVE_UP -> "gives-up";
                                case REJECTED -> "error";
                            });
                }));
    }

    /**
     * Bytes a text file cannot hold: invalid and overlong UTF-8, surrogates, a BOM, UTF-16. Invalid UTF-8 is
     * refused on Jackson's path as on the scanner's (see StrictUtf8Test).
     */
    @TestFactory
    Stream<DynamicTest> rawBytes() {
        record Case(String name, byte[] json, Outcome expected) {}
        return Stream.of(
                        new Case("lone continuation byte", bytes("{\"a\":\"x", 0x80, "\"}"), Outcome.REJECTED),
                        new Case("truncated two-byte form", bytes("{\"a\":\"", 0xC3, "x\"}"), Outcome.REJECTED),
                        new Case(
                                "invalid byte in a skipped value",
                                bytes("{\"b\":\"", 0xFF, "\",\"a\":1}"),
                                Outcome.REJECTED),
                        new Case("invalid byte in a key", bytes("{\"", 0xC3, "\":1}"), Outcome.REJECTED),
                        // Jackson accepts these (decoding some wrongly), the event's check before it does not
                        new Case("overlong form", bytes("{\"a\":\"", 0xC0, 0xAF, "\"}"), Outcome.REJECTED),
                        new Case("encoded surrogate", bytes("{\"a\":\"", 0xED, 0xA0, 0x80, "\"}"), Outcome.REJECTED),
                        new Case(
                                "beyond U+10FFFF", bytes("{\"a\":\"", 0xF4, 0x90, 0x80, 0x80, "\"}"), Outcome.REJECTED),
                        new Case("UTF-8 BOM", bytes("", 0xEF, 0xBB, 0xBF, "{\"a\":1}"), Outcome.GAVE_UP),
                        new Case("UTF-16LE", "{\"a\":1}".getBytes(StandardCharsets.UTF_16LE), Outcome.GAVE_UP),
                        // JSON between systems is UTF-8 (RFC 8259, 8.1): a UTF-16 byte order mark is not
                        new Case("UTF-16BE with BOM", "{\"a\":1}".getBytes(StandardCharsets.UTF_16), Outcome.REJECTED),
                        new Case(
                                "four-byte form split by the end",
                                bytes("{\"a\":\"", 0xF0, 0x9F, 0x98),
                                Outcome.REJECTED))
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> {
                    Outcome outcome = compare(JSON, c.json(), FieldSet.of(List.of("a")));
                    assertEquals(c.expected(), outcome);
                }));
    }

    /** Nesting around the limit, and each length limit of StreamReadConstraints, on both sides of it. */
    @Test
    void limitsAreJacksons() {
        FieldSet fields = FieldSet.of(List.of("a", "k.x"));
        for (int depth : new int[] {2, 50, 498, 499, 500, 501, 520}) {
            for (String open : new String[] {"[", "{\"k\":"}) {
                String close = open.equals("[") ? "]" : "}";
                String nested = "{\"a\":" + open.repeat(depth - 1) + "1" + close.repeat(depth - 1) + "}";
                compare(JSON, nested.getBytes(StandardCharsets.UTF_8), fields);
                String skipped = "{\"b\":" + open.repeat(depth - 1) + "1" + close.repeat(depth - 1) + ",\"a\":2}";
                Outcome outcome = compare(JSON, skipped.getBytes(StandardCharsets.UTF_8), fields);
                if (depth < 60) {
                    assertEquals(Outcome.SCANNED, outcome, "depth " + depth);
                }
                if (depth > 500) {
                    assertEquals(Outcome.REJECTED, outcome, "depth " + depth);
                }
            }
        }
        ObjectMapper limited = JsonMapper.builder(JsonFactory.builder()
                        .streamReadConstraints(StreamReadConstraints.builder()
                                .maxNestingDepth(5)
                                .maxStringLength(10)
                                .maxNameLength(8)
                                .maxNumberLength(6)
                                .build())
                        .build())
                .build();
        int rejected = 0;
        int scanned = 0;
        for (String json : List.of(
                "{\"a\":[[[1]]]}",
                "{\"a\":[[[[1]]]]}",
                "{\"a\":[[[[[1]]]]]}",
                "{\"b\":{\"c\":{\"d\":[1]}}}",
                "{\"b\":{\"c\":{\"d\":[[1]]}}}",
                "{\"b\":{\"c\":{\"d\":[[[1]]]}}}",
                "{\"a\":\"123456789\"}",
                "{\"a\":\"1234567890\"}",
                "{\"a\":\"12345678901\"}",
                "{\"b\":\"1234567890\"}",
                "{\"b\":\"12345678901\"}",
                "{\"a\":\"\\u0041\\u0042\"}",
                "{\"a\":\"\\u0041\\u0042\\u0043\"}",
                "{\"a\":\"\\u0041\\u0042\\u0043\\u0044\\u0045\"}",
                "{\"1234567\":1}",
                "{\"12345678\":1}",
                "{\"123456789\":1}",
                "{\"b\":{\"123456789\":1}}",
                "{\"a\":12345}",
                "{\"a\":123456}",
                "{\"a\":1234567}",
                "{\"b\":1234567}",
                "{\"a\":-12345}",
                "{\"a\":1.2345}",
                "{\"a\":1.23456}",
                "{\"b\":1.23456e7}",
                "{\"a\":12345678901234567890}")) {
            Outcome outcome = compare(limited, json.getBytes(StandardCharsets.UTF_8), fields);
            rejected += outcome == Outcome.REJECTED ? 1 : 0;
            scanned += outcome == Outcome.SCANNED ? 1 : 0;
        }
        assertTrue(rejected > 0, "some inputs exceed the limits");
        assertTrue(scanned > 0, "a factory with its own limits (as the service's) is scanned");
    }

    /**
     * The mapper's settings: trailing tokens allowed, strict duplicate detection, lenient syntax. The scanner
     * stands in only where it reads exactly as the mapper's parser does.
     */
    @Test
    void mapperSettingsAreHonoured() {
        FieldSet fields = FieldSet.of(List.of("a", "b.c"));
        ObjectMapper trailing = JsonMapper.builder()
                .disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
        assertEquals(Outcome.SCANNED, compare(trailing, bytes("{\"a\":1} {\"a\":2} x"), fields));
        assertEquals(Outcome.REJECTED, compare(JSON, bytes("{\"a\":1} {\"a\":2} x"), fields));
        ObjectMapper strict = JsonMapper.builder(JsonFactory.builder()
                        .enable(tools.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                        .build())
                .build();
        assertEquals(Outcome.REJECTED, compare(strict, bytes("{\"a\":1,\"a\":2}"), fields));
        assertEquals(Outcome.GAVE_UP, compare(strict, bytes("{\"a\":1,\"b\":2}"), fields));
        ObjectMapper lenient = JsonMapper.builder(JsonFactory.builder()
                        .enable(
                                tools.jackson.core.json.JsonReadFeature.ALLOW_SINGLE_QUOTES,
                                tools.jackson.core.json.JsonReadFeature.ALLOW_TRAILING_COMMA,
                                tools.jackson.core.json.JsonReadFeature.ALLOW_JAVA_COMMENTS,
                                tools.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS,
                                tools.jackson.core.json.JsonReadFeature.ALLOW_LEADING_ZEROS_FOR_NUMBERS,
                                tools.jackson.core.json.JsonReadFeature.ALLOW_UNQUOTED_PROPERTY_NAMES)
                        .build())
                .build();
        assertEquals(Outcome.SCANNED, compare(lenient, bytes("{\"a\":[1,\"x\"],\"b\":{\"c\":2.5}}"), fields));
        for (String json : List.of(
                "{'a':1}",
                "{\"a\":[1,2,],}",
                "{\"a\":1 /* c */}",
                "{\"a\":NaN}",
                "{\"a\":007}",
                "{a:1}",
                "{\"b\":{'c':1},\"a\":1}")) {
            assertEquals(Outcome.GAVE_UP, compare(lenient, bytes(json), fields), json);
        }
    }

    /**
     * Every corpus document and the generated variants, with the corpus's field set and with a set of every
     * field the documents hold (so that every value is kept): the scanner reads each, with Jackson's view.
     */
    @Test
    void corpusDocumentsScanAsJacksonReadsThem() {
        RuleSet rules = CorpusEvents.rules();
        FieldSet corpusFields = new RuleCompiler(Schema.catalog(), Clock.systemUTC())
                .compile(rules)
                .fields();
        List<String> documents = CorpusEvents.realAndGenerated(rules, 10_000);
        FieldSet everyField = FieldSet.of(fieldNames(documents));
        int scanned = 0;
        for (String document : documents) {
            byte[] json = document.getBytes(StandardCharsets.UTF_8);
            scanned += compare(JSON, json, corpusFields) == Outcome.SCANNED ? 1 : 0;
            scanned += compare(JSON, json, everyField) == Outcome.SCANNED ? 1 : 0;
        }
        System.out.printf(
                "%d documents, %d fields in the corpus set, %d in the set of every field: %d of %d"
                        + " scans identical to Jackson's, none given up%n",
                documents.size(), corpusFields.size(), everyField.size(), scanned, documents.size() * 2);
        assertEquals(documents.size() * 2, scanned);
        assertEquals(884 + 10_000, documents.size());
    }

    /**
     * Corpus documents truncated, with a byte changed or a byte inserted at random places (fixed seed): where
     * Jackson rejects, the scanner gives up and the parse throws Jackson's error; where it accepts, the views
     * are identical.
     */
    @Test
    void mutatedDocumentsNeverDiffer() {
        RuleSet rules = CorpusEvents.rules();
        FieldSet corpusFields = new RuleCompiler(Schema.catalog(), Clock.systemUTC())
                .compile(rules)
                .fields();
        List<String> documents = CorpusEvents.real();
        FieldSet everyField = FieldSet.of(fieldNames(documents));
        byte[] interesting = "{}[]\":,\\/ \t\n0123456789-+.eEtrufalsn\u0000\u001f".getBytes(StandardCharsets.UTF_8);
        Random random = new Random(20261128);
        int[] outcomes = new int[Outcome.values().length];
        for (int i = 0; i < 6_000; i++) {
            byte[] json = documents.get(random.nextInt(documents.size())).getBytes(StandardCharsets.UTF_8);
            json = mutate(json, random, interesting);
            if (random.nextInt(4) == 0) {
                json = mutate(json, random, interesting);
            }
            outcomes[
                    compare(JSON, json, random.nextBoolean() ? corpusFields : everyField)
                            .ordinal()]++;
        }
        System.out.printf(
                "mutation fuzz: %d scanned identically, %d given up and read by Jackson, %d rejected by"
                        + " Jackson (scanner gave up)%n",
                outcomes[0], outcomes[1], outcomes[2]);
        assertTrue(outcomes[Outcome.SCANNED.ordinal()] > 500, "many mutations are still JSON");
        assertTrue(outcomes[Outcome.REJECTED.ordinal()] > 500, "many mutations are not");
    }

    private static byte[] mutate(byte[] json, Random random, byte[] interesting) {
        int at = random.nextInt(json.length);
        byte b = random.nextBoolean() ? interesting[random.nextInt(interesting.length)] : (byte) random.nextInt(256);
        return switch (random.nextInt(3)) {
            case 0 -> java.util.Arrays.copyOf(json, at);
            case 1 -> {
                byte[] changed = json.clone();
                changed[at] = b;
                yield changed;
            }
            default -> {
                byte[] longer = new byte[json.length + 1];
                System.arraycopy(json, 0, longer, 0, at);
                longer[at] = b;
                System.arraycopy(json, at, longer, at + 1, json.length - at);
                yield longer;
            }
        };
    }

    /**
     * Reads {@code json} both ways and checks they agree; returns what happened. Where Jackson rejects, the
     * scanner must have given up, and {@link Event#parse(ObjectMapper, byte[], FieldSet)} must throw Jackson's
     * exception (same class, same message).
     */
    static Outcome compare(ObjectMapper mapper, byte[] json, FieldSet fields) {
        Event tokens;
        try {
            tokens = Event.parseTokens(mapper, json, fields);
        } catch (RuntimeException jackson) {
            assertNull(FlatScanner.scan(mapper, json, fields), "the scanner accepted what Jackson rejects");
            RuntimeException thrown = assertThrows(RuntimeException.class, () -> Event.parse(mapper, json, fields));
            assertEquals(jackson.getClass(), thrown.getClass());
            assertEquals(jackson.getMessage(), thrown.getMessage());
            return Outcome.REJECTED;
        }
        FlatView scanned = FlatScanner.scan(mapper, json, fields);
        if (scanned == null) {
            return Outcome.GAVE_UP;
        }
        assertSameView(tokens.view(), scanned, fields.size(), new String(json, StandardCharsets.UTF_8));
        return Outcome.SCANNED;
    }

    private static void assertSameView(FlatView expected, FlatView actual, int slots, String json) {
        assertEquals(expected.size(), actual.size(), () -> "value count of " + json);
        assertEquals(expected.dotted(), actual.dotted(), () -> "dotted flag of " + json);
        for (int i = 0; i < expected.size(); i++) {
            JsonNode want = expected.value(i);
            JsonNode got = actual.value(i);
            int index = i;
            assertEquals(want.getClass(), got.getClass(), () -> "type of value " + index + " of " + json);
            assertEquals(want, got, () -> "value " + index + " of " + json);
            if (want.isDouble()) {
                assertEquals(
                        Double.doubleToRawLongBits(want.doubleValue()),
                        Double.doubleToRawLongBits(got.doubleValue()),
                        () -> "bits of " + want + " in " + json);
            }
            assertEquals(expected.next(i), actual.next(i), () -> "chain after value " + index + " of " + json);
        }
        for (int slot = 0; slot < slots; slot++) {
            int s = slot;
            assertEquals(expected.first(slot), actual.first(slot), () -> "first value of slot " + s + " of " + json);
            assertEquals(expected.flags(slot), actual.flags(slot), () -> "flags of slot " + s + " of " + json);
            assertEquals(expected.writtenAsArray(slot), actual.writtenAsArray(slot));
        }
    }

    /** Every dotted name under which a document holds a scalar or array (each object key path). */
    private static Set<String> fieldNames(List<String> documents) {
        Set<String> names = new LinkedHashSet<>();
        for (String document : documents) {
            collect(JSON.readTree(document), "", names);
        }
        return names;
    }

    private static void collect(JsonNode node, String prefix, Set<String> names) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String name = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
                names.add(name);
                collect(e.getValue(), name, names);
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                collect(element, prefix, names);
            }
        }
    }

    private static byte[] bytes(Object... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof String s) {
                out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            } else {
                out.write((Integer) part);
            }
        }
        return out.toByteArray();
    }

    /**
     * A string too long for the limit, in a field the event does not keep, on Jackson's path (the scanner gives
     * up at it): the parse fails, rather than the tree built later from the same bytes (for include_event or a
     * Kibana document).
     */
    @Test
    void skippedStringOverTheLengthLimitFailsTheParseNotTheTree() {
        ObjectMapper limited = JsonMapper.builder(JsonFactory.builder()
                        .streamReadConstraints(StreamReadConstraints.builder()
                                .maxStringLength(10)
                                .build())
                        .build())
                .build();
        FieldSet fields = FieldSet.of(List.of("a", "k.x"));
        for (String json : List.of(
                "{\"a\":1,\"b\":\"12345678901234\"}",
                "{\"b\":[{\"c\":\"12345678901234\"}],\"a\":1}",
                "{\"k\":{\"y\":\"12345678901234\"},\"a\":1}",
                "{\"k\":{\"x\":{\"z\":\"12345678901234\"}}}")) {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            assertNull(FlatScanner.scan(limited, bytes, fields), json);
            assertThrows(
                    tools.jackson.core.exc.StreamConstraintsException.class,
                    () -> Event.parse(limited, bytes, fields),
                    json);
        }
        assertEquals(Outcome.SCANNED, compare(limited, bytes("{\"a\":1,\"b\":\"123456789\"}"), fields));
    }

    @Test
    void aScannedEventAnswersAsTheTree() {
        FieldSet fields = FieldSet.of(List.of("process.name", "process.args", "n"));
        byte[] json = "{\"process\":{\"name\":\"a\\u00e9\",\"args\":[\"x\",\"y\"]},\"n\":1.5,\"o\":{\"p\":[1]}}"
                .getBytes(StandardCharsets.UTF_8);
        assertNotNull(FlatScanner.scan(JSON, json, fields));
        Event event = Event.parse(JSON, json, fields);
        JsonNode tree = JSON.readTree(json);
        assertEquals("a\u00e9", event.firstValue(FieldPath.of("process.name")).stringValue());
        assertArrayEquals(json, event.json().getBytes(StandardCharsets.UTF_8));
        assertEquals(tree, event.root());
        if (event.values(FieldPath.of("process.args")).size() != 2) {
            fail("both arguments");
        }
    }
}
