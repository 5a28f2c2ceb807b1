package io.verdict.esql.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.verdict.esql.value.DataType;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class GrokTest {

    @TestFactory
    Stream<DynamicTest> grokCases() {
        return TextCases.read("grok.tsv", 3).stream()
                .map(row -> DynamicTest.dynamicTest(
                        "grok.tsv:" + row.line() + " [" + row.get(0) + "] on [" + row.get(1) + "]", () -> {
                            Grok grok = Grok.compile(Arrays.asList(row.get(0).split("\u241f")));
                            Map<String, Object> captures = grok.captures(row.get(1));
                            assertEquals(row.get(2), captures == null ? "null" : new TreeMap<>(captures).toString());
                        }));
    }

    @Test
    void fieldsAreListedByNameWithTheirTypes() {
        Grok grok = Grok.compile(List.of(
                "%{WORD:e:boolean} %{NUMBER:b:int} %{NUMBER:c:float} %{NUMBER:d:double} %{NUMBER:l:long} %{WORD:a}"));
        assertEquals(
                List.of(
                        new Grok.Field("a", DataType.KEYWORD),
                        new Grok.Field("b", DataType.INTEGER),
                        new Grok.Field("c", DataType.DOUBLE),
                        new Grok.Field("d", DataType.DOUBLE),
                        new Grok.Field("e", DataType.BOOLEAN),
                        new Grok.Field("l", DataType.LONG)),
                grok.fields());
        Object[] values = grok.match("true 12 1.5 2.5 3000000000 x");
        assertEquals(List.of("x", 12, 1.5, 2.5, true, 3000000000L), Arrays.asList(values));
    }

    @Test
    void badPatternsAreProblems() {
        IllegalArgumentException unknown =
                assertThrows(IllegalArgumentException.class, () -> Grok.compile(List.of("%{NOPE:x}")));
        assertTrue(unknown.getMessage().contains("no pattern named [NOPE]"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Grok.compile(List.of("(?<x>a")));
        assertThrows(IllegalArgumentException.class, () -> Grok.compile(List.of("%{WORD:x} %{NUMBER:x:int}")));
    }

    @Test
    void grokCatastrophicBacktrackingGivesUpAtItsTimeLimit() {
        Grok grok = Grok.compile(List.of("^(a+)+$"), Duration.ofMillis(50));
        String hostile = "a".repeat(40) + "!";
        assertThrows(Grok.TimedOut.class, () -> grok.match(hostile));
        assertEquals(List.of(), grok.fields());
    }

    @Test
    void theWholeBuiltInBankCompiles() {
        for (String name : GrokPatterns.bank().keySet()) {
            Grok.compile(List.of("%{" + name + "}"));
        }
        assertTrue(
                GrokPatterns.bank().size() > 300,
                "patterns: " + GrokPatterns.bank().size());
    }
}
