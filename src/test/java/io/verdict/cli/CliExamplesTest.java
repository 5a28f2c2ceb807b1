package io.verdict.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The command lines the README shows, run as written (after {@code java -jar target/verdict-*.jar}) from the
 * project directory, against the team's rules and the files in {@code http-examples/}.
 */
class CliExamplesTest {

    static Stream<Arguments> examples() {
        return Stream.of(
                Arguments.of("test --rules rules --junit target/rule-tests.xml", 0, "0 failed, 0 skipped"),
                Arguments.of("validate --rules rules", 0, ""),
                Arguments.of("validate --rules rules --unknown-fields=refuse", 0, ""),
                Arguments.of(
                        "validate --rules http-examples/rules/bad-query.toml",
                        1,
                        "bad-query.toml:16:30: expected an expression, found '=='"),
                Arguments.of(
                        "evaluate --rules rules http-examples/events/events.ndjson",
                        0,
                        "{\"type\":\"alert\",\"line\":1,\"alert\":{\"id\":\""),
                Arguments.of("test --rules http-examples/rules", 1, "bad-query.toml:16:30: expected an expression"),
                Arguments.of("test --rules http-examples/rules", 1, "2 passed, 0 failed, 0 skipped"),
                Arguments.of("help", 0, "usage: java -jar verdict.jar validate"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void theReadmeCommandLinesRunAsWritten(String line, int exit, String inStdout) throws Exception {
        Files.createDirectories(Path.of("target"));
        var run = CliMistakesTest.run(line.split(" "));
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(exit);
        assertThat(run.out()).contains(inStdout);
        assertThat(run.err()).doesNotContain("Exception");
    }

    @org.junit.jupiter.api.Test
    void everyCommandLineOfTheReadmeIsOneThisTestRuns() throws Exception {
        java.util.Set<String> run = new java.util.HashSet<>();
        examples().forEach(a -> run.add((String) a.get()[0]));
        java.util.List<String> readme = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(Path.of("README.md"))) {
            String trimmed = line.trim();
            if (trimmed.startsWith("java -jar target/verdict-*.jar ")) {
                // the arguments, without a redirection or a comment
                String args = trimmed.substring("java -jar target/verdict-*.jar ".length())
                        .replaceAll("\\s+(#|>).*$", "")
                        .trim();
                readme.add(args);
            }
        }
        assertThat(readme).as("the README's command lines").isNotEmpty();
        assertThat(run).as("each README command line is run by this test").containsAll(readme);
    }
}
