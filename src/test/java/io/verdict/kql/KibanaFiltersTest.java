package io.verdict.kql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.verdict.CaseFiles;
import io.verdict.event.Event;
import io.verdict.event.Schema;
import io.verdict.query.Position;
import io.verdict.query.QueryException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.tomlj.TomlArray;
import org.tomlj.TomlTable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** The cases of {@code filter-cases.toml} (filters as JSON, as the Kibana API carries them) and the corpus filters. */
class KibanaFiltersTest {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    @TestFactory
    Stream<DynamicTest> filterCases() {
        List<TomlTable> cases = CaseFiles.cases(CaseFiles.toml(KibanaFiltersTest.class, "filter-cases.toml"), "cases");
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.getString("name"), () -> check(c)));
    }

    private static void check(TomlTable c) {
        List<Map<String, Object>> filters = JSON.readValue(c.getString("filters"), new TypeReference<>() {});
        Clock clock = Clock.fixed(KqlEvaluationTest.DEFAULT_NOW, ZoneOffset.UTC);
        if (c.contains("error")) {
            QueryException e = assertThrows(
                    QueryException.class,
                    () -> KibanaFilters.compile(filters, "rule.toml", new Position(3, 1), Schema.catalog(), clock));
            assertTrue(e.problems().get(0).message().contains(c.getString("error")), e.getMessage());
            assertEquals("rule.toml:3:1", e.problems().get(0).location());
            return;
        }
        CompiledFilters compiled =
                KibanaFilters.compile(filters, "rule.toml", new Position(3, 1), Schema.catalog(), clock);
        if (c.contains("active")) {
            assertEquals(c.getLong("active").intValue(), compiled.active());
        }
        List<String> match = strings(c.getArray("match"));
        List<String> noMatch = strings(c.getArray("no_match"));
        if (match.isEmpty() && noMatch.isEmpty()) {
            throw new IllegalStateException(c.getString("name") + ": a case needs match or no_match events");
        }
        for (String json : match) {
            assertTrue(compiled.matches(Event.parse(json)), () -> "should pass " + json);
        }
        for (String json : noMatch) {
            assertFalse(compiled.matches(Event.parse(json)), () -> "should not pass " + json);
        }
    }

    private static List<String> strings(TomlArray array) {
        return array == null
                ? List.of()
                : array.toList().stream().map(String.class::cast).toList();
    }

    @Test
    void everyCorpusRuleWithFiltersCompiles() {
        List<CorpusQueries.Filters> rules = CorpusQueries.filters();
        assertEquals(18, rules.size());
        int filters = 0;
        List<String> failures = new ArrayList<>();
        for (CorpusQueries.Filters rule : rules) {
            try {
                filters += KibanaFilters.compile(rule.filters(), rule.file(), new Position(1, 1))
                        .active();
            } catch (QueryException e) {
                failures.add(e.getMessage());
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertEquals(42, filters);
    }

    @Test
    void aCorpusFilterExcludesWhatItNames() {
        CorpusQueries.Filters rule = CorpusQueries.filters().stream()
                .filter(r -> r.file().endsWith("execution_posh_psreflect.toml"))
                .findFirst()
                .orElseThrow();
        CompiledFilters filters = KibanaFilters.compile(rule.filters(), rule.file(), new Position(1, 1));
        assertFalse(
                filters.matches(
                        Event.parse(
                                "{\"file\":{\"path\":\"D:\\\\ProgramData\\\\MaaS360\\\\Cloud Extender\\\\AR\\\\Scripts\\\\ASModuleCommon.ps1\"}}")));
        assertTrue(filters.matches(Event.parse("{\"file\":{\"path\":\"C:\\\\Users\\\\x\\\\evil.ps1\"}}")));
        assertTrue(filters.matches(Event.parse("{}")));
    }

    @Test
    void noFiltersPassEverything() {
        assertTrue(KibanaFilters.compile(List.of(), "r", new Position(1, 1)).matches(Event.parse("{}")));
        assertTrue(KibanaFilters.compile(null, "r", new Position(1, 1)).matches(Event.parse("{}")));
    }
}
