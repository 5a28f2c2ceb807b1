package io.verdict.rule;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.Shared;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.tomlj.Toml;

/**
 * The stored form of a rule is written by {@link TomlWriter}: it must read back as exactly the same data, for every
 * rule of the project and of the Elastic corpus (queries with quotes, backslashes and ''' inside, notes, threat
 * tables, filters, transforms), and load as the same rule.
 */
class TomlWriterTest {

    @Test
    void tricky_strings_survive() {
        Map<String, Object> doc = Map.of(
                "rule",
                Map.of(
                        "a",
                        "ends with a quote'",
                        "b",
                        "has ''' inside\nand a newline",
                        "c",
                        "tab\tand \"quotes\" and \\",
                        "d",
                        "line\r\nwindows",
                        "e",
                        "\u0001control",
                        "f",
                        List.of(Map.of("x", 1L), Map.of("x", 2L)),
                        "g",
                        List.of("one", 2L, true),
                        "h",
                        1.5,
                        "weird key",
                        "v"));
        String toml = TomlWriter.write(doc);
        assertThat(TomlValues.plain(Toml.parse(toml))).isEqualTo(doc);
    }

    @Test
    void everyProjectAndCorpusRuleReadsBackTheSame() throws IOException {
        List<Path> files = new ArrayList<>(tomlFiles(Path.of("rules")));
        if (Shared.present("corpus/detection-rules")) {
            files.addAll(tomlFiles(Shared.require("corpus/detection-rules")));
        }
        RuleLoader loader = new RuleLoader();
        List<String> differing = new ArrayList<>();
        for (Path file : files) {
            String original = Files.readString(file);
            Map<String, Object> document = TomlDocument.read(original);
            String written = TomlDocument.write(document);
            if (!TomlValues.plain(Toml.parse(written)).equals(TomlValues.plain(Toml.parse(original)))) {
                differing.add(file.toString());
                continue;
            }
            RuleLoad before = loader.parse(original, "x.toml");
            RuleLoad after = loader.parse(written, "x.toml");
            if (before.loaded() != after.loaded() || before.loaded() && !same(before.rule(), after.rule())) {
                differing.add(file + " (loads differently)");
            }
        }
        System.out.printf("TomlWriter round trip: %d files%n", files.size());
        assertThat(files).hasSizeGreaterThan(7);
        assertThat(differing).isEmpty();
    }

    private static boolean same(Rule a, Rule b) {
        return a.ruleId().equals(b.ruleId())
                && a.name().equals(b.name())
                && a.threat().equals(b.threat())
                && (a.query() == null
                        ? b.query() == null
                        : a.query().text().text().equals(b.query().text().text())
                                && a.query().filters().equals(b.query().filters()))
                && java.util.Objects.equals(a.note(), b.note())
                && a.tags().equals(b.tags());
    }

    private static List<Path> tomlFiles(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> RuleCatalog.isRuleFile(p.getFileName().toString()))
                    .sorted()
                    .toList();
        }
    }
}
