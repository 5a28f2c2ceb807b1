package io.verdict.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** {@code analyzer-cases.tsv}: the words text fields are searched by. */
class TextAnalyzerTest {

    @TestFactory
    Stream<DynamicTest> analyzerCases() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        try (InputStream in = TextAnalyzerTest.class.getResourceAsStream("analyzer-cases.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("#") || line.isEmpty()) {
                    continue;
                }
                String[] cols = line.split("\t", -1);
                if (cols.length != 2) {
                    throw new IllegalStateException("analyzer-cases.tsv: expected text<TAB>tokens: " + line);
                }
                List<String> expected = cols[1].isEmpty() ? List.of() : Arrays.asList(cols[1].split("\\|"));
                tests.add(DynamicTest.dynamicTest(
                        "'" + cols[0] + "'",
                        () -> assertEquals(expected, TextAnalyzer.standard().tokens(cols[0]))));
            }
        }
        return tests.stream();
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "''{0}'' holds phrase ''{1}'': {2}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', textBlock = """
            a b a b c      | a b c   | true
            a b a b c      | b a b c | true
            a b a b c      | a c     | false
            x y z          | y z     | true
            x y z          | z x     | false
            x y            | x y z   | false
            x y            | y       | true
            Get-Service X  | get-service x | true
            """)
    void aPhraseIsItsWordsAdjacentAndInOrderWhereverTheFirstWordRecurs(String value, String phrase, boolean holds) {
        TextAnalyzer analyzer = TextAnalyzer.pattern("p", "[\\W&&[^-]]+", true);
        TextAnalyzer.Words words = analyzer.words(value);
        assertEquals(holds, words.containsPhrase(analyzer.tokens(phrase)));
        assertEquals(
                holds, analyzer.words(value).containsPhrase(analyzer.tokens(phrase)), "from the thread's last value");
    }

    @org.junit.jupiter.api.Test
    void anyWordIsLookedUpAmongTheWordsOfTheLastValueAnalysed() {
        TextAnalyzer analyzer = TextAnalyzer.standard();
        assertEquals(
                true,
                analyzer.words("Invoke-Mimikatz -DumpCreds").containsAny(java.util.Set.of("nothing", "dumpcreds")));
        assertEquals(false, analyzer.words("Invoke-Mimikatz -DumpCreds").containsAny(java.util.Set.of("mimi", "dump")));
        assertEquals(
                true,
                analyzer.words("a b").containsAny(java.util.Set.of("x", "y", "z", "b")),
                "more words than the value has");
        assertEquals(List.of("other"), analyzer.words("Other").tokens(), "a new value is analysed anew");
    }
}
