package io.verdict.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.verdict.CaseFiles;
import io.verdict.event.Event;
import io.verdict.event.EventPredicate;
import io.verdict.event.Schema;
import io.verdict.rule.ExceptionItem;
import io.verdict.rule.ExceptionItems;
import io.verdict.rule.Rule;
import io.verdict.rule.RuleFixtures;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.json.JsonMapper;

/** Kibana's exception-item semantics, one case per line of exception-cases.toml; and the compile-time hook. */
class ExceptionMatcherTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static List<ExceptionItem> items(String json) {
        List<String> problems = new ArrayList<>();
        List<ExceptionItem> out = new ArrayList<>();
        List<?> raw = JSON.readValue(json, List.class);
        for (int i = 0; i < raw.size(); i++) {
            ExceptionItems.read(raw.get(i), "items[" + i + "]", problems).ifPresent(out::add);
        }
        assertThat(problems).isEmpty();
        return out;
    }

    @TestFactory
    Stream<DynamicTest> kibanaSemantics() {
        var file = CaseFiles.toml(ExceptionMatcherTest.class, "exception-cases.toml");
        return CaseFiles.cases(file, "case").stream()
                .map(c -> dynamicTest(c.getString("name"), () -> {
                    List<String> problems = new ArrayList<>();
                    EventPredicate matcher = ExceptionMatcher.compile(
                            items(c.getString("items")),
                            Schema.catalog(),
                            Clock.fixed(java.time.Instant.parse("2026-01-31T12:00:00Z"), java.time.ZoneOffset.UTC),
                            problems::add);
                    if (c.contains("problem")) {
                        assertThat(problems).singleElement().asString().contains(c.getString("problem"));
                    } else {
                        assertThat(problems).isEmpty();
                    }
                    assertThat(matcher.matches(Event.parse(c.getString("event"))))
                            .isEqualTo(c.getBoolean("suppressed"));
                }));
    }

    /** Replays and tests run on a clock of their own: an item's expiry must be read from it, not from the system's. */
    @Test
    void anExceptionItemExpiresByTheCompilersClockNotTheSystemClock() {
        List<ExceptionItem> items = items("[{\"expire_time\":\"2001-01-01T00:00:00Z\",\"entries\":[{\"field\":"
                + "\"process.name\",\"operator\":\"included\",\"type\":\"match\",\"value\":\"a\"}]}]");
        Event event = Event.parse("{\"process\":{\"name\":\"a\"}}");
        Clock before = Clock.fixed(java.time.Instant.parse("2000-06-01T00:00:00Z"), java.time.ZoneOffset.UTC);
        Clock after = Clock.fixed(java.time.Instant.parse("2001-06-01T00:00:00Z"), java.time.ZoneOffset.UTC);
        assertThat(ExceptionMatcher.compile(items, Schema.catalog(), before, problem -> {})
                        .matches(event))
                .as("before its expire_time by the clock given")
                .isTrue();
        assertThat(ExceptionMatcher.compile(items, Schema.catalog(), after, problem -> {})
                        .matches(event))
                .isFalse();
        assertThat(ExceptionMatcher.item(items.get(0), Schema.catalog(), before).matches(event))
                .isTrue();
    }

    @Test
    void theRuleCompilerAndNotsTheExceptionsIntoTheMatcher() {
        Rule rule = RuleFixtures.rule(
                "00000000-0000-4000-8000-0000000000a1",
                "Rclone",
                "high",
                "type = \"eql\"\nlanguage = \"eql\"\nquery = 'process where process.name : \"rclone.exe\"'\n");
        Rule excepted = rule.with(2, items("""
                [{"item_id": "allow", "entries": [{"field": "process.executable", "operator": "included",
                  "type": "match", "value": "C:\\\\Tools\\\\rclone.exe"}]}]"""), rule.file());
        RuleCompiler compiler = new RuleCompiler(Schema.catalog(), Clock.systemUTC());
        Event allowed = Event.parse("""
                {"event": {"category": ["process"]}, "process": {"name": "rclone.exe", "executable": "C:\\\\Tools\\\\rclone.exe"}}""");
        Event other = Event.parse("""
                {"event": {"category": ["process"]}, "process": {"name": "rclone.exe", "executable": "C:\\\\Temp\\\\rclone.exe"}}""");
        assertThat(compiler.compile(rule).matcher().matches(allowed)).isTrue();
        assertThat(compiler.compile(excepted).matcher().matches(allowed)).isFalse();
        assertThat(compiler.compile(excepted).matcher().matches(other)).isTrue();
    }

    @Test
    void badItemsAreReportedWhereTheyAre() {
        List<String> problems = new ArrayList<>();
        ExceptionItems.read(JSON.readValue("""
                {"item_id": "../x", "os_types": ["solaris"], "entries": [
                  {"field": "a", "operator": "sometimes", "type": "match", "value": "x"},
                  {"field": "b", "operator": "included", "type": "regex", "value": "x"},
                  {"field": "c", "operator": "included", "type": "match", "value": ""},
                  {"field": "d", "operator": "included", "type": "list", "list": {"id": "ips", "type": "ip"}}]}""", Object.class), "item", problems);
        assertThat(problems)
                .containsExactly(
                        "item.item_id must be 1 to 128 letters, digits, '.', '_' or '-', found \"../x\"",
                        "item.os_types must hold windows, linux or macos, found \"solaris\"",
                        "item.entries[0].operator must be included or excluded, found \"sometimes\"",
                        "item.entries[1].type must be one of match, match_any, wildcard, exists, nested, found \"regex\"",
                        "item.entries[2].value must not be empty",
                        "item.entries[3]: value-list entries (type list) need Kibana's value lists, which Verdict does not hold");
    }
}
