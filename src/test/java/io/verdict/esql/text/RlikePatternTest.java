package io.verdict.esql.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class RlikePatternTest {

    @TestFactory
    Stream<DynamicTest> rlikeCases() {
        return TextCases.read("rlike.tsv", 3).stream()
                .map(row -> DynamicTest.dynamicTest(
                        "rlike.tsv:" + row.line() + " [" + row.get(0) + "] on [" + row.get(1) + "]",
                        () -> assertEquals(
                                Boolean.parseBoolean(row.get(2)),
                                RlikePattern.compile(row.get(0)).matches(row.get(1)))));
    }

    @Test
    void badPatternsAreClearProblems() {
        IllegalArgumentException open = assertThrows(IllegalArgumentException.class, () -> RlikePattern.compile("(a"));
        assertTrue(open.getMessage().startsWith("invalid RLIKE pattern [(a]"), open.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RlikePattern.compile("<name>"));
    }

    @Test
    void rlikeNestedRepetitionsAreRefusedBeforeTheyFillTheHeap() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> RlikePattern.compile("(a{1000}){1000}{1000}"));
        assertTrue(e.getMessage().contains("too large"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> RlikePattern.compile("(".repeat(10_000) + "a" + ")".repeat(10_000)));
        assertTrue(RlikePattern.compile("a{100}b{100}c{100}")
                .matches("a".repeat(100) + "b".repeat(100) + "c".repeat(100)));
    }

    @Test
    void rlikeOfTheEmptyLanguageMatchesNothingRatherThanFailing() {
        for (String empty : List.of("#", "#{2}", "a&b", "(#)+")) {
            RlikePattern pattern = RlikePattern.compile(empty);
            assertEquals(false, pattern.matches(""), empty);
            assertEquals(false, pattern.matches("a"), empty);
        }
    }

    @Test
    void aPatternTooComplexToDeterminizeIsAProblem() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> RlikePattern.compile(".*a.{40}"));
        assertTrue(e.getMessage().contains("too complex"), e.getMessage());
    }
}
