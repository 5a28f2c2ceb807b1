package io.verdict.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.event.Event;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Kibana's reason sentence, one case a line of {@code reason-cases.tsv}. */
class ReasonSentenceTest {

    @TestFactory
    Stream<DynamicTest> reasons() throws IOException {
        String cases;
        try (var in = getClass().getResourceAsStream("reason-cases.tsv")) {
            cases = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        var lines =
                cases.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertThat(lines).hasSizeGreaterThan(5);
        return lines.stream().map(line -> {
            String[] c = line.split("\t");
            return DynamicTest.dynamicTest(
                    c[3],
                    () -> assertThat(ReasonSentence.of(Event.parse(c[0]), c[1], c[2]))
                            .isEqualTo(c[3]));
        });
    }
}
