package io.verdict.eql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.verdict.CaseFiles;
import io.verdict.event.Event;
import io.verdict.query.Problem;
import io.verdict.query.QueryException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.tomlj.TomlParseResult;

/**
 * Operators, functions and syntax from case files: eql-operators.toml and eql-mapping-types.toml (verdicts),
 * eql-errors.toml (problems).
 */
class EqlOperatorsTest {

    private final EqlCompiler compiler = new EqlCompiler();

    @TestFactory
    Stream<DynamicTest> operators() {
        return verdicts("eql-operators.toml");
    }

    /** Fields the catalog maps beyond ECS's keywords: wildcard, flattened, integration numbers, dates, addresses. */
    @TestFactory
    Stream<DynamicTest> mappingTypes() {
        return verdicts("eql-mapping-types.toml");
    }

    private Stream<DynamicTest> verdicts(String name) {
        TomlParseResult file = CaseFiles.toml(getClass(), name);
        List<Event> events = file.getString("events")
                .lines()
                .filter(l -> !l.isBlank())
                .map(Event::parse)
                .toList();
        return CaseFiles.cases(file, "cases").stream()
                .map(c -> DynamicTest.dynamicTest(c.getString("name"), () -> {
                    CompiledEql query = compiler.compile(c.getString("query"));
                    List<Long> matched = new ArrayList<>();
                    for (Event e : events) {
                        if (query.matches(e)) {
                            matched.add(e.root().get("id").longValue());
                        }
                    }
                    List<Long> expected = new ArrayList<>();
                    c.getArray("expected").toList().forEach(id -> expected.add((Long) id));
                    assertEquals(expected, matched, c.getString("query"));
                }));
    }

    @TestFactory
    Stream<DynamicTest> errors() {
        return CaseFiles.cases(CaseFiles.toml(getClass(), "eql-errors.toml"), "cases").stream()
                .map(c -> DynamicTest.dynamicTest(c.getString("name"), () -> {
                    QueryException e = assertThrows(QueryException.class, () -> compiler.compile(c.getString("query")));
                    List<Object> expected = c.getArray("problems").toList();
                    assertEquals(expected.size(), e.problems().size(), e.getMessage());
                    for (int i = 0; i < expected.size(); i++) {
                        Problem p = e.problems().get(i);
                        String actual = p.line() + ":" + p.column() + ": " + p.message();
                        String want = (String) expected.get(i);
                        assertEquals(true, actual.startsWith(want), "expected [" + want + "] but was [" + actual + "]");
                    }
                }));
    }
}
