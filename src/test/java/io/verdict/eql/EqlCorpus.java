package io.verdict.eql;

import io.verdict.Shared;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

/** The EQL rules of the detection-rules corpus: file, query text and category override, read with tomlj. */
record EqlCorpus(Path file, String query, String categoryField, int queryLine) {

    static List<EqlCorpus> load() {
        Path root = Shared.require("corpus/detection-rules");
        List<EqlCorpus> rules = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file :
                    files.filter(p -> p.toString().endsWith(".toml")).sorted().toList()) {
                TomlParseResult toml = Toml.parse(file);
                if ("eql".equals(toml.getString("rule.language"))) {
                    String override = toml.getString("rule.event_category_override");
                    var position = toml.inputPositionOf("rule.query");
                    rules.add(new EqlCorpus(
                            root.relativize(file),
                            toml.getString("rule.query"),
                            override == null ? "event.category" : override,
                            position == null ? 1 : position.line()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rules;
    }
}
