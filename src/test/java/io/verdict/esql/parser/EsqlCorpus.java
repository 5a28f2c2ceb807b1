package io.verdict.esql.parser;

import io.verdict.Shared;
import io.verdict.query.SourceText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;

/** The ES|QL rule queries of the detection-rules corpus ({@code type = "esql"}), read with tomlj. */
public final class EsqlCorpus {

    /** One rule's query, with an approximate origin: the line after the key for a multi-line string. */
    public record Rule(String file, SourceText query) {}

    private static List<Rule> rules;

    private EsqlCorpus() {}

    /** Every ES|QL rule under rules/ and rules_building_block/; skips the calling test when shared/ is absent. */
    public static synchronized List<Rule> rules() {
        if (rules == null) {
            Path root = Shared.require("corpus/detection-rules");
            List<Rule> found = new ArrayList<>();
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path file : walk.filter(p -> p.toString().endsWith(".toml"))
                        .sorted()
                        .toList()) {
                    String rel = root.relativize(file).toString();
                    if (!rel.startsWith("rules/") && !rel.startsWith("rules_building_block/")) {
                        continue;
                    }
                    TomlParseResult toml = Toml.parse(file);
                    if (!"esql".equals(toml.getString("rule.type"))) {
                        continue;
                    }
                    String text = toml.getString("rule.query");
                    TomlPosition at = toml.inputPositionOf("rule.query");
                    int line = at == null ? 1 : at.line();
                    found.add(new Rule(rel, SourceText.at(text, rel, text.contains("\n") ? line + 1 : line, 1)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            rules = List.copyOf(found);
        }
        return rules;
    }
}
