package io.verdict.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A mistake on the command line, from the argument list to the exit code and the one line it prints: never a
 * started server, a stack trace or a quiet success.
 */
class CliMistakesTest {

    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try {
            exit = Cli.run(
                    args,
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            // what the jar would have shown: a stack trace and the JVM's exit code 1
            exit = -1;
            err.writeBytes(e.toString().getBytes(StandardCharsets.UTF_8));
        }
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Stream<Arguments> unknownCommands() {
        return Stream.of(
                Arguments.of((Object) new String[] {"serve"}),
                Arguments.of((Object) new String[] {"valdate", "--rules", "rules"}),
                Arguments.of((Object) new String[] {"evaluate-all", "x.ndjson"}),
                Arguments.of((Object) new String[] {"VALIDATE"}));
    }

    @ParameterizedTest
    @MethodSource("unknownCommands")
    void anUnknownCommandIsAnErrorListingTheCommandsNotAStartedServer(String[] args) {
        assertThat(Cli.handles(args))
                .as("the command line, not the service, answers %s", args[0])
                .isTrue();
        Run run = run(args);
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err())
                .startsWith(
                        "verdict: unknown command '" + args[0] + "'; the commands are validate, test, evaluate, help\n")
                .contains("usage:");
        assertThat(run.out()).isEmpty();
    }

    static Stream<Arguments> serviceArguments() {
        return Stream.of(
                Arguments.of((Object) new String[] {}),
                Arguments.of((Object) new String[] {"--server.port=9090"}),
                Arguments.of((Object) new String[] {"--spring.profiles.active=prod", "--verdict.rules.paths=x"}));
    }

    @ParameterizedTest
    @MethodSource("serviceArguments")
    void optionsAloneStillStartTheService(String[] args) {
        assertThat(Cli.handles(args)).isFalse();
    }

    static Stream<Arguments> missingFiles() {
        return Stream.of(
                Arguments.of(
                        new String[] {"validate", "--rules", "no-such-dir"},
                        "verdict validate: rules path no-such-dir: it does not exist\n"),
                Arguments.of(
                        new String[] {"test", "--rules", "rules", "--rules", "no/such.toml"},
                        "verdict test: rules path no/such.toml: it does not exist\n"),
                Arguments.of(
                        new String[] {"evaluate", "--rules", "rules", "no-such-events.ndjson"},
                        "verdict evaluate: events file no-such-events.ndjson: it does not exist\n"),
                Arguments.of(
                        new String[] {"evaluate", "--rules", "rules", "http-examples/events"},
                        "verdict evaluate: events file http-examples/events: it is a directory\n"),
                Arguments.of(
                        new String[] {"test", "--rules", "rules", "--junit", "no-such-dir/report.xml"},
                        "verdict test: cannot write --junit no-such-dir/report.xml: its directory does not exist\n"),
                Arguments.of(
                        new String[] {"test", "--rules", "rules", "--junit", "rules"},
                        "verdict test: cannot write --junit rules: it is a directory\n"));
    }

    @ParameterizedTest
    @MethodSource("missingFiles")
    void aMissingFileIsOneLineAndExitTwoNotAStackTrace(String[] args, String line) {
        Run run = run(args);
        assertThat(run.exit()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).isEqualTo(line);
        assertThat(run.out()).isEmpty();
    }
}
