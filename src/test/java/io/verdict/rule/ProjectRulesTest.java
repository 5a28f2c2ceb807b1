package io.verdict.rule;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every rule the team ships in {@code rules/} loads with no error and no warning. */
class ProjectRulesTest {

    @TestFactory
    Stream<DynamicTest> everyFileUnderRulesLoadsCleanly() throws IOException {
        Path rules = Path.of("rules");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(rules)) {
            files = walk.filter(p -> RuleDirectories.isRuleFile(p.getFileName().toString()))
                    .sorted()
                    .toList();
        }
        assertThat(files).as("rule files under rules/").hasSizeGreaterThanOrEqualTo(5);
        RuleLoader loader = new RuleLoader();
        return files.stream()
                .map(file -> DynamicTest.dynamicTest(file.toString(), () -> {
                    RuleLoad load = loader.load(file, file.toString());
                    assertThat(load.errors()).as("errors").isEmpty();
                    assertThat(load.warnings()).as("warnings").isEmpty();
                    assertThat(load.rule().threat()).as("ATT&CK mapping").isNotEmpty();
                    assertThat(load.rule().author()).contains("Verdict");
                }));
    }
}
