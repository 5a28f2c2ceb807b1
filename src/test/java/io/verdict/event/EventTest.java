package io.verdict.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.verdict.CaseFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class EventTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TestFactory
    Stream<DynamicTest> fieldLookup() {
        return CaseFiles.cases(CaseFiles.toml(getClass(), "field-lookup.toml"), "cases").stream()
                .map(c -> DynamicTest.dynamicTest(c.getString("name"), () -> {
                    Event event = Event.parse(c.getString("event"));
                    FieldPath path = FieldPath.of(c.getString("field"));
                    List<JsonNode> expected = new ArrayList<>();
                    JSON.readTree(c.getString("values")).forEach(expected::add);
                    assertEquals(expected, event.values(path));
                    assertEquals(!expected.isEmpty(), event.has(path));
                    assertEquals(expected.isEmpty() ? null : expected.get(0), event.firstValue(path));
                }));
    }

    @Test
    void anyValueStopsAtFirstMatch() {
        Event event = Event.parse("{\"a\":[1,2,3,4]}");
        int[] seen = new int[1];
        assertTrue(event.anyValue(FieldPath.of("a"), v -> ++seen[0] == 2));
        assertEquals(2, seen[0]);
        assertFalse(event.anyValue(FieldPath.of("a"), v -> v.intValue() > 4));
    }

    @Test
    void onlyObjectsAreEvents() {
        assertThrows(IllegalArgumentException.class, () -> Event.parse("[1]"));
        assertThrows(IllegalArgumentException.class, () -> Event.parse("{not json"));
        assertThrows(IllegalArgumentException.class, () -> FieldPath.of(""));
    }

    @Test
    void ofWrapsAParsedTree() {
        JsonNode tree = JSON.readTree("{\"host\":{\"os\":{\"type\":\"windows\"}}}");
        Event event = Event.of(tree);
        assertEquals("windows", event.firstValue(FieldPath.of("host.os.type")).stringValue());
        assertEquals(tree, event.root());
    }

    @Test
    void pathsAreValues() {
        assertEquals(FieldPath.of("a.b"), FieldPath.of("a.b"));
        assertEquals(2, FieldPath.of("a.b").size());
        assertEquals("a.b", FieldPath.of("a.b").name());
    }

    @TestFactory
    Stream<DynamicTest> typedValues() {
        return CaseFiles.cases(CaseFiles.toml(getClass(), "typed-values.toml"), "cases").stream()
                .map(c -> DynamicTest.dynamicTest(c.getString("name"), () -> {
                    JsonNode value = JSON.readTree(c.getString("value"));
                    Object typed = FieldValues.typed(value, FieldType.ofMappingType(c.getString("type")));
                    String actual = typed == null ? "null" : typed.getClass().getSimpleName() + " " + typed;
                    assertEquals(c.getString("expected"), actual);
                }));
    }

    @Test
    void numbersCompareExactly() {
        assertTrue(FieldValues.compareNumbers(9007199254740993L, 9007199254740992L) > 0);
        assertTrue(FieldValues.compareNumbers(9007199254740993L, 9007199254740992d) > 0);
        assertEquals(0, FieldValues.compareNumbers(443L, 443.0d));
        assertTrue(FieldValues.compareNumbers(new java.math.BigInteger("18446744073709551615"), Long.MAX_VALUE) > 0);
        assertTrue(FieldValues.compareNumbers(2.5d, 3L) < 0);
    }

    @TestFactory
    Stream<DynamicTest> ecsTypes() {
        Schema ecs = Schema.catalog();
        return CaseFiles.toml(getClass(), "ecs-types.toml").getArray("cases").toList().stream()
                .map(o -> (org.tomlj.TomlArray) o)
                .map(pair -> DynamicTest.dynamicTest(
                        pair.getString(0),
                        () -> assertEquals(FieldType.valueOf(pair.getString(1)), ecs.typeOf(pair.getString(0)))));
    }

    @Test
    void multiFieldsKnowTheirParent() {
        assertEquals("process.command_line", Schema.catalog().multiFieldParent("process.command_line.text"));
        assertEquals(null, Schema.catalog().multiFieldParent("process.command_line"));
        Schema custom = Schema.catalog().with(java.util.Map.of("serial_event_id", FieldType.LONG));
        assertEquals(FieldType.LONG, custom.typeOf("serial_event_id"));
        assertEquals(FieldType.KEYWORD, custom.typeOf("process.name"));
        assertEquals(FieldType.UNKNOWN, Schema.empty().typeOf("process.name"));
    }
}
