package io.verdict.esql.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class DissectTest {

    @TestFactory
    Stream<DynamicTest> dissectCases() {
        return TextCases.read("dissect.tsv", 4).stream()
                .map(row -> DynamicTest.dynamicTest(
                        "dissect.tsv:" + row.line() + " [" + row.get(0) + "] on [" + row.get(2) + "]", () -> {
                            Dissect dissect =
                                    Dissect.compile(row.get(0), row.get(1).isEmpty() ? null : row.get(1));
                            Map<String, String> result = dissect.parse(row.get(2));
                            assertEquals(row.get(3), result == null ? "null" : new TreeMap<>(result).toString());
                        }));
    }

    @Test
    void keysAreTheKeptNamesInPatternOrder() {
        assertEquals(
                List.of("b", "c", "d"),
                Dissect.compile("%{+b} %{c} %{+b} %{d} %{+b}", null).keys());
        assertEquals(
                List.of("b", "d"), Dissect.compile("%{b} %{?c} %{d} %{}", null).keys());
        Dissect references = Dissect.compile("%{*k} %{&k} %{x}", null);
        assertEquals(List.of("x"), references.keys());
        assertEquals(Set.of("k"), references.referenceKeys());
    }

    @Test
    void badPatternsAreProblems() {
        assertThrows(IllegalArgumentException.class, () -> Dissect.compile("no keys", null));
        assertThrows(IllegalArgumentException.class, () -> Dissect.compile("%{} %{?x}", null));
        assertThrows(IllegalArgumentException.class, () -> Dissect.compile("%{*k} %{b}", null));
        assertThrows(IllegalArgumentException.class, () -> Dissect.compile("%{+?a}", null));
        assertThrows(IllegalArgumentException.class, () -> Dissect.compile("%{a/2}", null));
        assertThrows(IllegalArgumentException.class, () -> Dissect.compile("%{+}", null));
    }
}
