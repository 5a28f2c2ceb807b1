package io.verdict.esql.function;

import static io.verdict.esql.function.Invoke.expect;
import static io.verdict.esql.function.Invoke.fails;
import static io.verdict.esql.function.Invoke.mv;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The cases of json_extract.csv-spec that need no index. */
class JsonExtractTest {

    private static final String MISSING = "path [%s] does not exist";

    @TestFactory
    Stream<DynamicTest> paths() {
        String log = "{\"severity\":\"ERROR\",\"body\":\"Payment processing failed\"}";
        return Stream.of(
                expect("ERROR", "JSON_EXTRACT", log, "severity"),
                expect("ERROR", "JSON_EXTRACT", log, "$.severity"),
                expect("30", "JSON_EXTRACT", "{\"name\":\"Alice\",\"age\":30}", "age"),
                expect("true", "JSON_EXTRACT", "{\"active\":true}", "active"),
                expect(
                        "order-service",
                        "JSON_EXTRACT",
                        "{\"resource\":{\"service\":{\"name\":\"order-service\"}}}",
                        "resource.service.name"),
                expect("Alice", "JSON_EXTRACT", "{\"user.name\":{\"first\":\"Alice\"}}", "['user.name'].first"),
                expect("Alice", "JSON_EXTRACT", "{\"name\":\"Alice\",\"age\":30}", "['name']"),
                expect(
                        "London",
                        "JSON_EXTRACT",
                        "{\"user\":{\"address\":{\"city\":\"London\"}}}",
                        "user['address'].city"),
                expect("a", "JSON_EXTRACT", "{\"tags\":[\"a\",\"b\",\"c\"]}", "tags[0]"),
                expect(
                        "db-query",
                        "JSON_EXTRACT",
                        "{\"spans\":[{\"name\":\"auth\",\"duration\":12},{\"name\":\"db-query\",\"duration\":45}]}",
                        "spans[1].name"),
                expect(
                        "end",
                        "JSON_EXTRACT",
                        "{\"trace\":{\"spans\":[{\"name\":\"auth\",\"events\":[{\"type\":\"start\"},"
                                + "{\"type\":\"end\"}]},{\"name\":\"db\",\"events\":[{\"type\":\"query\"}]}]}}",
                        "trace.spans[0].events[1].type"),
                expect(
                        "{\"service.name\":\"api-gateway\",\"host.name\":\"api-server-03\"}",
                        "JSON_EXTRACT",
                        "{\"resource\":{\"service.name\":\"api-gateway\",\"host.name\":\"api-server-03\"},"
                                + "\"severity\":\"INFO\"}",
                        "resource"),
                expect(null, "JSON_EXTRACT", "{\"value\":null}", "value"),
                expect("1", "JSON_EXTRACT", "{\"foo\":1,\"foo\":2}", "foo"),
                expect("1", "JSON_EXTRACT", "{\"a\":{\"b\":1},\"a\":{\"b\":2}}", "a.b"),
                expect(null, "JSON_EXTRACT", "{\"items\":[1,null,3]}", "items[1]"),
                expect("b", "JSON_EXTRACT", "[\"a\",\"b\",\"c\"]", "$[1]"),
                expect("b", "JSON_EXTRACT", "[\"a\",\"b\",\"c\"]", "[1]"),
                expect("Bob", "JSON_EXTRACT", "[{\"name\":\"Alice\"},{\"name\":\"Bob\"}]", "$[1].name"),
                expect(
                        "{\"id\":1,\"item\":\"book\"}",
                        "JSON_EXTRACT",
                        "[{\"id\":1,\"item\":\"book\"},{\"id\":2}]",
                        "$[0]"),
                expect("[1,2,3]", "JSON_EXTRACT", "[1,2,3]", "$"),
                expect("[1,2]", "JSON_EXTRACT", "[[1,2],[3,4]]", "$[0]"),
                expect("hello", "JSON_EXTRACT", "\"hello\"", "$"),
                expect("42", "JSON_EXTRACT", "42", "$"),
                expect(null, "JSON_EXTRACT", "null", "$"));
    }

    @TestFactory
    Stream<DynamicTest> failures() {
        return Stream.of(
                fails(
                        IllegalArgumentException.class,
                        MISSING.formatted("nonexistent"),
                        "JSON_EXTRACT",
                        "{\"name\":\"Alice\"}",
                        "nonexistent"),
                fails(
                        IllegalArgumentException.class,
                        MISSING.formatted("name.nested"),
                        "JSON_EXTRACT",
                        "{\"name\":\"Alice\"}",
                        "name.nested"),
                fails(IllegalArgumentException.class, "invalid JSON input", "JSON_EXTRACT", "not valid json", "field"),
                fails(
                        IllegalArgumentException.class,
                        "array index out of bounds",
                        "JSON_EXTRACT",
                        "{\"tags\":[\"a\",\"b\"]}",
                        "tags[5]"),
                fails(IllegalArgumentException.class, "array index out of bounds", "JSON_EXTRACT", "[1,2,3]", "$[5]"),
                fails(
                        IllegalArgumentException.class,
                        "single-value function encountered multi-value",
                        "JSON_EXTRACT",
                        "{\"name\":\"Alice\"}",
                        mv("name", "age")),
                expect(null, "JSON_EXTRACT", null, "field"));
    }
}
