package io.verdict.event.stix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The pattern reader over the table {@code patterns.tsv}: what each pattern holds, or why it is refused and where. */
class StixPatternTest {

    static Stream<Arguments> patterns() throws IOException {
        try (InputStream in = StixPatternTest.class.getResourceAsStream("patterns.tsv")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                            .lines()
                            .filter(line -> !line.startsWith("#"))
                            .map(line -> line.split("\t", -1))
                            .map(cells -> Arguments.of(cells[0], cells[1]))
                            .toList()
                            .stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("patterns")
    void readsEachPatternAsTheTableSays(String pattern, String expected) {
        if (expected.startsWith("! ")) {
            StixException e = assertThrows(StixException.class, () -> StixPattern.read(pattern, 1000, 8));
            Matcher position = Pattern.compile(" \\(at character \\d+\\)$").matcher(expected);
            String reason = position.find() ? expected.substring(2, position.start()) : expected.substring(2);
            assertTrue(e.getMessage().startsWith("pattern: " + reason), e.getMessage());
            assertTrue(!position.find(0) || e.getMessage().endsWith(position.group()), e.getMessage());
            return;
        }
        String actual = StixPattern.read(pattern, 1000, 8).stream()
                .map(c -> c.objectType() + ":" + c.property() + "=" + c.value())
                .collect(Collectors.joining(" ; "));
        assertEquals(expected, actual);
    }

    @Test
    void aPatternLongerThanTheLimitIsRefusedBeforeItIsRead() {
        StixException e = assertThrows(
                StixException.class, () -> StixPattern.read("[file:name = '" + "a".repeat(2000) + "']", 1000, 8));
        assertTrue(e.getMessage().contains("more than the 1000 allowed"), e.getMessage());
    }

    @Test
    void bracketsAndParenthesesDeeperThanTheLimitAreRefusedWhereTheyCross() {
        StixException e =
                assertThrows(StixException.class, () -> StixPattern.read("((([file:name = 'a']))))", 1000, 3));
        assertEquals("pattern: the pattern is nested deeper than 3 levels (at character 4)", e.getMessage());
        assertEquals(1, StixPattern.read("(([file:name = 'a']))", 1000, 3).size());
    }

    @Test
    void comparisonsCarryThePositionOfTheirValue() {
        List<StixPattern.Comparison> comparisons = StixPattern.read("[file:name = 'a' OR file:name = 'b']", 100, 8);
        assertEquals(
                List.of(14, 33),
                comparisons.stream().map(StixPattern.Comparison::position).toList());
    }
}
