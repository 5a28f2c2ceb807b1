package io.verdict.rule;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.query.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleDirectoriesTest {

    @TempDir
    Path dir;

    private final RuleDirectories directories = new RuleDirectories(new RuleLoader(), Clock.systemUTC());

    static String rule(String id, String name) {
        return """
                [metadata]
                creation_date = "2026/01/01"
                updated_date = "2026/01/01"
                [rule]
                author = ["Verdict"]
                description = "d"
                name = "%s"
                risk_score = 21
                rule_id = "%s"
                severity = "low"
                type = "eql"
                language = "eql"
                query = "process where true"
                """.formatted(name, id);
    }

    @Test
    void aBadFileNeverStopsTheOthersAndADuplicateNamesBothFiles() throws IOException {
        Files.createDirectories(dir.resolve("a/deeper"));
        Files.writeString(dir.resolve("a/one.toml"), rule("00000000-0000-4000-8000-00000000000a", "Rule One"));
        Files.writeString(dir.resolve("a/deeper/two.toml"), rule("00000000-0000-4000-8000-00000000000b", "Rule Two"));
        Files.writeString(
                dir.resolve("b_bad.toml"),
                rule("00000000-0000-4000-8000-00000000000c", "Rule Bad")
                        .replace("severity = \"low\"", "severity = \"urgent\""));
        Files.writeString(dir.resolve("c_dup.toml"), rule("00000000-0000-4000-8000-00000000000a", "Rule One Again"));
        Files.writeString(dir.resolve("notes.md"), "not a rule");

        RuleSet set = directories.load(List.of(dir));

        assertThat(set.files()).isEqualTo(4);
        assertThat(set.rules()).extracting(Rule::name).containsExactly("Rule Two", "Rule One");
        assertThat(set.failedFiles()).isEqualTo(2);
        assertThat(set.errors())
                .extracting(Problem::message)
                .containsExactly(
                        "'rule.severity' must be one of low, medium, high, critical, found \"urgent\"",
                        "duplicate rule_id 00000000-0000-4000-8000-00000000000a: already defined in "
                                + shown("a/one.toml") + "; this file is not loaded");
        Problem duplicate = set.errors().get(1);
        assertThat(duplicate.origin()).isEqualTo(shown("c_dup.toml"));
        assertThat(duplicate.line()).isEqualTo(9);
        assertThat(set.loadedAt()).isNotNull();
        assertThat(set.find("00000000-0000-4000-8000-00000000000b"))
                .get()
                .extracting(Rule::file)
                .isEqualTo(shown("a/deeper/two.toml"));
    }

    /** How a file under the directory is named: the directory's name, then the path below it. */
    private String shown(String below) {
        return dir.getFileName() + "/" + below;
    }

    @Test
    void aMissingDirectoryIsAnErrorAndSingleFilesLoad() throws IOException {
        Path file =
                Files.writeString(dir.resolve("single.toml"), rule("00000000-0000-4000-8000-00000000000d", "Single"));

        RuleSet set = directories.load(List.of(dir.resolve("absent"), file));

        assertThat(set.size()).isEqualTo(1);
        assertThat(set.errors()).singleElement().satisfies(p -> {
            assertThat(p.origin())
                    .as("named by the configured path's name, never absolutely")
                    .isEqualTo("absent");
            assertThat(p.message()).isEqualTo("rule path does not exist or is not a directory");
        });
    }
}
