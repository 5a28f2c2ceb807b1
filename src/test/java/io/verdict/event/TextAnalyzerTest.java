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
                tests.add(DynamicTest.dynamicTest("'" + cols[0] + "'",
                        () -> assertEquals(expected, TextAnalyzer.standard().tokens(cols[0]))));
            }
        }
        return tests.stream();
    }
}
