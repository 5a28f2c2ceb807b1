package io.verdict.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.verdict.CaseFiles;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The flat view of an event parsed with a field set answers exactly as the tree does. */
class FlatEventTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Every field-lookup case, read three ways: the field alone, with its neighbours in the set, and outside it. */
    @TestFactory
    Stream<DynamicTest> flatViewEqualsTree() {
        return CaseFiles.cases(CaseFiles.toml(getClass(), "field-lookup.toml"), "cases").stream()
                .flatMap(c -> {
                    String json = c.getString("event");
                    String field = c.getString("field");
                    return Stream.of(
                            DynamicTest.dynamicTest(
                                    c.getString("name") + " [field alone]",
                                    () -> assertSameAnswers(json, field, FieldSet.of(List.of(field)))),
                            DynamicTest.dynamicTest(
                                    c.getString("name") + " [with parent and child fields]",
                                    () -> assertSameAnswers(
                                            json,
                                            field,
                                            FieldSet.of(
                                                    List.of(field + ".x", field, parent(field), "unrelated.field")))),
                            DynamicTest.dynamicTest(
                                    c.getString("name") + " [outside the set]",
                                    () -> assertSameAnswers(json, field, FieldSet.of(List.of("unrelated.field")))));
                });
    }

    private static String parent(String field) {
        int dot = field.lastIndexOf('.');
        return dot < 0 ? "other" : field.substring(0, dot);
    }

    private static void assertSameAnswers(String json, String field, FieldSet fields) {
        Event tree = Event.parse(json);
        Event flat = Event.parse(json, fields);
        FieldPath path = FieldPath.of(field);
        assertEquals(tree.values(path), flat.values(path));
        assertEquals(tree.has(path), flat.has(path));
        assertEquals(tree.firstValue(path), flat.firstValue(path));
        assertEquals(tree.anyValue(path, v -> v.isNumber()), flat.anyValue(path, v -> v.isNumber()));
        assertEquals(tree.writtenAsArray(path), flat.writtenAsArray(path));
        assertEquals(tree.root(), flat.root());
    }

    @TestFactory
    Stream<DynamicTest> writtenAsArray() {
        record Case(String json, String field, boolean array) {}
        return Stream.of(
                        new Case("{\"tags\":[\"a\"]}", "tags", true),
                        new Case("{\"tags\":\"a\"}", "tags", false),
                        new Case("{\"process\":{\"name\":[\"a\"]}}", "process.name", true),
                        new Case("{\"process\":[{\"name\":[\"a\"]}]}", "process.name", false),
                        new Case("{\"process.name\":[\"a\"]}", "process.name", true),
                        new Case("{\"process.name\":\"a\",\"process\":{\"name\":[\"b\"]}}", "process.name", false),
                        new Case("{\"process\":{\"name\":[]}}", "process.name", true),
                        new Case("{\"process\":{\"name\":[[\"a\"]]}}", "process.name", true),
                        new Case("{\"process.name\":null,\"process\":{\"name\":[\"b\"]}}", "process.name", false),
                        new Case("{\"process\":{\"pe.name\":[\"x\"]}}", "process.pe.name", false),
                        new Case("{\"process.pe\":{\"name\":[\"x\"]}}", "process.pe.name", false),
                        new Case("{\"process\":{\"name\":[\"b\"]},\"process.pe\":{\"x\":1}}", "process.name", true))
                .map(c -> DynamicTest.dynamicTest(c.json(), () -> {
                    FieldPath path = FieldPath.of(c.field());
                    assertEquals(c.array(), Event.parse(c.json()).writtenAsArray(path));
                    assertEquals(
                            c.array(),
                            Event.parse(c.json(), FieldSet.of(List.of(c.field())))
                                    .writtenAsArray(path));
                }));
    }

    /**
     * Thousands of keys in one object, half held by the set: the key matcher's overflow areas, keys whose
     * String hashes collide ("Aa", "BB"), near misses (one byte longer or different), several lengths and
     * non-ASCII; every field answers as the tree does.
     */
    @Test
    void anEventAfterAByteOrderMarkKeepsItsTextWithoutTheMark() {
        // a sequence or sample keeps a pending event as its text and reads it again when the sequence completes
        byte[] body = ("\uFEFF{\"process\": {\"name\": \"a.exe\"}}").getBytes(StandardCharsets.UTF_8);
        Event event = Event.parse(body, FieldSet.of(List.of("process.name")));
        assertEquals("{\"process\": {\"name\": \"a.exe\"}}", event.json());
        assertEquals(
                "a.exe",
                Event.parse(event.json()).root().path("process").path("name").asString());
    }

    @Test
    void manyKeysInOneObjectMatchAsInTheTree() {
        List<String> held = new ArrayList<>(List.of("Aa", "BB", "AaAa", "BBBB", "x.Aa", "x.BB"));
        StringBuilder json = new StringBuilder("{\"Aa\":1,\"BB\":2,\"AaBB\":3,\"BBBB\":4,\"x\":{\"Aa\":5,\"BB\":6}");
        for (int i = 0; i < 3000; i++) {
            String key = switch (i % 3) {
                case 0 -> "k" + i;
                case 1 -> "segment_with_a_long_name_" + i;
                default -> "schlüssel_" + i;
            };
            if (i % 2 == 0) {
                held.add(key);
                held.add(key + "o.v");
            }
            json.append(",\"")
                    .append(key)
                    .append("\":")
                    .append(i)
                    .append(",\"")
                    .append(key)
                    .append("x\":\"near ")
                    .append(i)
                    .append('"')
                    .append(",\"")
                    .append(key)
                    .append("o\":{\"v\":\"nested ")
                    .append(i)
                    .append("\"}");
        }
        String text = json.append('}').toString();
        Event tree = Event.parse(text);
        Event flat = Event.parse(text, FieldSet.of(held));
        int found = 0;
        for (String field : held) {
            FieldPath path = FieldPath.of(field);
            List<JsonNode> values = flat.values(path);
            assertEquals(tree.values(path), values, field);
            found += values.isEmpty() ? 0 : 1;
        }
        assertEquals(held.size() - 1, found, "every held field but AaAa has a value");
        assertEquals(List.of(JSON.readTree("6")), flat.values(FieldPath.of("x.BB")));
        assertFalse(flat.materialised());
    }

    @Test
    void lookupsInTheSetNeverBuildTheTree() {
        Event event = Event.parse(
                "{\"process\":{\"name\":\"a\",\"args\":[\"x\",\"y\"],\"big\":{\"deep\":[1,2]}},"
                        + "\"host\":{\"name\":\"h\"}}",
                FieldSet.of(List.of("process.name", "process.args", "user.name")));
        assertEquals("a", event.firstValue(FieldPath.of("process.name")).stringValue());
        assertEquals(2, event.values(FieldPath.of("process.args")).size());
        assertFalse(event.has(FieldPath.of("user.name")));
        assertFalse(event.writtenAsArray(FieldPath.of("process.name")));
        assertFalse(event.materialised());
        assertTrue(event.json().contains("\"big\""));
        assertFalse(event.materialised());
    }

    @Test
    void aFieldOutsideTheSetIsReadFromTheWholeDocument() {
        // e.g. the rules changed between parsing the event and evaluating it
        Event event = Event.parse(
                "{\"process\":{\"name\":\"a\"},\"host\":{\"name\":\"h\"}}", FieldSet.of(List.of("process.name")));
        assertEquals("h", event.firstValue(FieldPath.of("host.name")).stringValue());
        assertTrue(event.materialised());
        assertTrue(Event.parse("{\"a\":1}", FieldSet.NONE).has(FieldPath.of("a")));
    }

    @Test
    void theLazyTreeIsBuiltOnceForConcurrentReaders() throws Exception {
        StringBuilder json = new StringBuilder("{\"process\":{\"name\":\"a\"}");
        for (int i = 0; i < 500; i++) {
            json.append(",\"f")
                    .append(i)
                    .append("\":{\"v\":[")
                    .append(i)
                    .append(",\"s")
                    .append(i)
                    .append("\"]}");
        }
        String text = json.append('}').toString();
        JsonNode expected = JSON.readTree(text);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 20; round++) {
                Event event = Event.parse(text, FieldSet.of(List.of("process.name")));
                CountDownLatch start = new CountDownLatch(1);
                List<Future<JsonNode>> roots = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    roots.add(pool.submit(() -> {
                        start.await();
                        return event.root();
                    }));
                }
                start.countDown();
                JsonNode first = roots.get(0).get();
                assertEquals(expected, first);
                for (Future<JsonNode> root : roots) {
                    assertSame(first, root.get());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void elementsOfAStreamKeepTheirTokensForTheTree() {
        String body = "[{\"a\":{\"b\":1},\"c\":[1,{\"d\":2}]},{\"a.b\":[2,3]}]";
        List<Event> events = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(body.getBytes(StandardCharsets.UTF_8))) {
            assertEquals(JsonToken.START_ARRAY, parser.nextToken());
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                events.add(Event.read(JSON, parser, FieldSet.of(Set.of("a.b"))));
            }
        }
        assertEquals(2, events.size());
        assertEquals(List.of(JSON.readTree("1")), events.get(0).values(FieldPath.of("a.b")));
        assertEquals(2, events.get(1).values(FieldPath.of("a.b")).size());
        assertFalse(events.get(0).materialised());
        assertEquals(
                JSON.readTree("{\"a\":{\"b\":1},\"c\":[1,{\"d\":2}]}"),
                events.get(0).root());
        assertEquals(JSON.readTree("{\"a.b\":[2,3]}"), events.get(1).root());
    }

    @Test
    void aKeptStringLongerThanTheLimitFailsAsWhenDecoded() {
        JsonMapper limited = JsonMapper.builder(tools.jackson.core.json.JsonFactory.builder()
                        .streamReadConstraints(StreamReadConstraints.builder()
                                .maxStringLength(10)
                                .build())
                        .build())
                .build();
        FieldSet fields = FieldSet.of(List.of("a"));
        byte[] ten = "{\"a\":\"0123456789\",\"b\":\"not kept\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals(
                "0123456789",
                Event.parse(limited, ten, fields).firstValue(FieldPath.of("a")).stringValue());
        byte[] eleven = "{\"a\":\"0123456789X\"}".getBytes(StandardCharsets.UTF_8);
        assertThrows(StreamConstraintsException.class, () -> Event.parse(limited, eleven, fields));
        // a few escapes make the bytes longer than the limit, the text not
        byte[] escaped = "{\"a\":\"\\u0041\\u0042\\u0043\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals(
                "ABC",
                Event.parse(limited, escaped, fields)
                        .firstValue(FieldPath.of("a"))
                        .stringValue());
    }

    @Test
    void malformedStringsFailAlthoughKeptUndecoded() {
        FieldSet fields = FieldSet.of(List.of("a"));
        assertThrows(IllegalArgumentException.class, () -> Event.parse("{\"a\":\"x\\qy\"}", fields));
        assertThrows(IllegalArgumentException.class, () -> Event.parse("{\"a\":\"x\ty\"}", fields));
        assertThrows(IllegalArgumentException.class, () -> Event.parse("{\"a\":\"x", fields));
        byte[] badUtf8 = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, 'x', '"', '}'};
        assertThrows(IllegalArgumentException.class, () -> Event.parse(badUtf8, fields));
    }

    @Test
    void aStringValueReadByManyThreadsIsOneValue() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 50; round++) {
                Event event = Event.parse("{\"a\":[\"x\\u00e9" + round + "\",\"y\"]}", FieldSet.of(List.of("a")));
                CountDownLatch start = new CountDownLatch(1);
                List<Future<List<JsonNode>>> reads = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    reads.add(pool.submit(() -> {
                        start.await();
                        return event.values(FieldPath.of("a"));
                    }));
                }
                start.countDown();
                for (Future<List<JsonNode>> read : reads) {
                    assertEquals(
                            List.of(
                                    JSON.getNodeFactory().stringNode("x\u00e9" + round),
                                    JSON.getNodeFactory().stringNode("y")),
                            read.get());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void onlyObjectsAreEvents() {
        FieldSet fields = FieldSet.of(List.of("a"));
        assertThrows(IllegalArgumentException.class, () -> Event.parse("[1]", fields));
        assertThrows(IllegalArgumentException.class, () -> Event.parse("{not json", fields));
        assertThrows(IllegalArgumentException.class, () -> Event.parse("{\"a\":1", fields));
        assertThrows(IllegalArgumentException.class, () -> Event.parse("", fields));
    }
}
