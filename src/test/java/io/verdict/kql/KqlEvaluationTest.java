package io.verdict.kql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.verdict.CaseFiles;
import io.verdict.event.Event;
import io.verdict.event.FieldType;
import io.verdict.event.Schema;
import io.verdict.query.Problem;
import io.verdict.query.QueryException;
import io.verdict.query.SourceText;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.tomlj.TomlArray;
import org.tomlj.TomlTable;

/**
 * The cases of {@code kql-cases.toml}: a query, events it must match and events it must not (or the error it
 * must raise), per construct and field type. A {@code note} records where Kibana and the detection-rules
 * reference evaluator differ; the expected verdicts follow Kibana.
 */
class KqlEvaluationTest {

    static final Instant DEFAULT_NOW = Instant.parse("2026-01-31T12:00:00Z");

    @TestFactory
    Stream<DynamicTest> evaluationCases() {
        List<TomlTable> cases = CaseFiles.cases(CaseFiles.toml(KqlEvaluationTest.class, "kql-cases.toml"), "cases");
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.getString("name"), () -> check(c)));
    }

    private static void check(TomlTable c) {
        SourceText source = SourceText.of(c.getString("query"));
        Schema schema = schema(c.getTable("schema"));
        Clock clock = Clock.fixed(c.contains("now") ? Instant.parse(c.getString("now")) : DEFAULT_NOW, ZoneOffset.UTC);
        if (c.contains("error")) {
            QueryException e = assertThrows(QueryException.class, () -> KqlCompiler.compile(source, schema, clock));
            String expected = c.getString("error");
            Problem p = e.problems().get(0);
            int space = expected.indexOf(' ');
            assertEquals(expected.substring(0, space), p.line() + ":" + p.column(), p.render());
            assertTrue(p.message().contains(expected.substring(space + 1)), p.render());
            return;
        }
        CompiledKql query = KqlCompiler.compile(source, schema, clock);
        List<String> match = strings(c.getArray("match"));
        List<String> noMatch = strings(c.getArray("no_match"));
        if (match.isEmpty() && noMatch.isEmpty()) {
            throw new IllegalStateException(c.getString("name") + ": a case needs match or no_match events");
        }
        for (String json : match) {
            assertTrue(query.matches(Event.parse(json)), () -> "should match " + json);
        }
        for (String json : noMatch) {
            assertFalse(query.matches(Event.parse(json)), () -> "should not match " + json);
        }
    }

    private static Schema schema(TomlTable overrides) {
        if (overrides == null) {
            return Schema.catalog();
        }
        Map<String, FieldType> types = new HashMap<>();
        for (String key : overrides.keySet()) {
            types.put(key, FieldType.ofMappingType(overrides.getString(List.of(key))));
        }
        return Schema.catalog().with(types);
    }

    private static List<String> strings(TomlArray array) {
        return array == null
                ? List.of()
                : array.toList().stream().map(String.class::cast).toList();
    }

    @Test
    void everyProblemOfAQueryIsReportedTogether() {
        QueryException e = assertThrows(
                QueryException.class,
                () -> KqlCompiler.compile(
                        SourceText.of("destination.port: https and source.ip: (x or 10.0.0.0/8 or y)")));
        assertEquals(
                List.of("1:19", "1:41", "1:60"),
                e.problems().stream().map(p -> p.line() + ":" + p.column()).toList());
    }

    @Test
    void referencedFieldsAreListedAsWritten() {
        CompiledKql q = KqlCompiler.compile(SourceText.of(
                "process.name:(a or b) and not process.hash.*:* and n:{ x > 1 } and destination.port >= 5"));
        assertEquals(java.util.Set.of("process.name", "process.hash.*", "n", "n.x", "destination.port"), q.fields());
    }

    @Test
    void compiledQueriesAreSharedSafelyAcrossThreads() throws Exception {
        CompiledKql q =
                KqlCompiler.compile(SourceText.of("process.name:(cmd.exe or powershell.exe) and source.ip:10.0.0.0/8"));
        Event yes = Event.parse("{\"process\":{\"name\":\"cmd.exe\"},\"source\":{\"ip\":\"10.1.1.1\"}}");
        Event no = Event.parse("{\"process\":{\"name\":\"cmd.exe\"},\"source\":{\"ip\":\"11.1.1.1\"}}");
        List<Thread> threads = new java.util.ArrayList<>();
        java.util.concurrent.atomic.AtomicInteger wrong = new java.util.concurrent.atomic.AtomicInteger();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    if (!q.matches(yes) || q.matches(no)) {
                        wrong.incrementAndGet();
                    }
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(0, wrong.get());
    }
}
