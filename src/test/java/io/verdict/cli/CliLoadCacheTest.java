package io.verdict.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line reads rules through the service's load cache, and keeps stdout for its results. */
class CliLoadCacheTest {

    @TempDir
    Path dir;

    private Path copyOfTheTeamRules() throws IOException {
        Path rules = dir.resolve("rules");
        try (Stream<Path> files = Files.walk(Path.of("rules"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path copy = rules.resolve(Path.of("rules").relativize(file).toString());
                Files.createDirectories(copy.getParent());
                Files.copy(file, copy);
            }
        }
        return rules;
    }

    @Test
    void aSecondRunOverUnchangedRulesParsesNoTomlAgain() throws IOException {
        Path rules = copyOfTheTeamRules();
        Path cache = dir.resolve("cache");

        var cold = CliMistakesTest.run("validate", "--rules", rules.toString(), "--cache-dir", cache.toString());
        assertThat(cold.exit()).as(cold.out()).isZero();
        assertThat(cold.err()).contains("load cache: 0 files read from it, 11 parsed");
        try (Stream<Path> written = Files.list(cache)) {
            assertThat(written.map(p -> p.getFileName().toString()))
                    .singleElement()
                    .asString()
                    .startsWith("rule-loads-");
        }

        var warm = CliMistakesTest.run("validate", "--rules", rules.toString(), "--cache-dir", cache.toString());
        assertThat(warm.err()).contains("load cache: 11 files read from it, 0 parsed");
        assertThat(warm.out()).isEqualTo(cold.out());

        Path edited = rules.resolve("exfiltration/rclone_data_exfiltration.toml");
        Files.writeString(
                edited,
                Files.readString(edited)
                        .replace("process.args : (\"copy\", \"sync\")", "process.args : (\"copy\", \"sync\""));
        var changed = CliMistakesTest.run("validate", "--rules", rules.toString(), "--cache-dir", cache.toString());
        assertThat(changed.exit()).isEqualTo(1);
        assertThat(changed.err()).contains("load cache: 10 files read from it, 1 parsed");

        var off = CliMistakesTest.run(
                "validate", "--rules", rules.toString(), "--cache-dir", cache.toString(), "--no-cache");
        assertThat(off.err()).doesNotContain("load cache");
    }

    /** The jar's own entry point in a JVM of its own: what a shell sees. */
    @Test
    void evaluateThroughTheCacheWritesOnlyAlertsToStdoutAndItsLogLinesToStderr() throws Exception {
        Path cache = dir.resolve("cache");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "io.verdict.VerdictApplication",
                "evaluate",
                "--rules",
                "rules",
                "--cache-dir",
                cache.toString(),
                "http-examples/events/batch.ndjson"));
        for (int run = 0; run < 2; run++) {
            Process process = new ProcessBuilder(command)
                    .redirectError(dir.resolve("err").toFile())
                    .redirectOutput(dir.resolve("out").toFile())
                    .start();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isEqualTo(1);
            assertThat(Files.readAllLines(dir.resolve("out"), StandardCharsets.UTF_8))
                    .hasSize(3)
                    .allSatisfy(line -> assertThat(line).startsWith("{\"type\":"));
            assertThat(Files.readString(dir.resolve("err"))).contains("3 events, 2 alerts, 1 bad lines");
        }
        assertThat(Files.list(cache).count()).isOne();
    }

    @Test
    void anUnknownCommandThroughTheJarsEntryPointExitsTwoAndStartsNoServer() throws Exception {
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "io.verdict.VerdictApplication",
                        "serve")
                .redirectError(dir.resolve("err").toFile())
                .redirectOutput(dir.resolve("out").toFile())
                .start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS))
                .as("exited instead of serving")
                .isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("err"))).startsWith("verdict: unknown command 'serve'");
        assertThat(Files.readString(dir.resolve("out"))).isEmpty();
    }
}
