package io.verdict.kql;

import io.verdict.Shared;
import io.verdict.query.SourceText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/** The KQL queries and filters of the detection-rules corpus, read with tomlj (skips the test where shared/ is absent). */
public final class CorpusQueries {

    /** One KQL text of a rule: its {@code rule.query} (kind = the rule type) or {@code rule.threat_query}. */
    public record Query(String file, String kind, SourceText source) {}

    /** A rule's {@code [[rule.filters]]}, as plain maps and lists. */
    public record Filters(String file, List<Map<String, Object>> filters) {}

    private static List<Path> files;
    private static List<TomlParseResult> parsed;

    private CorpusQueries() {}

    static synchronized List<Path> files() {
        if (files == null) {
            Path root = Shared.require("corpus/detection-rules");
            try (Stream<Path> walk = Files.walk(root)) {
                files = walk.filter(p -> p.toString().endsWith(".toml"))
                        .filter(p -> {
                            String rel = root.relativize(p).toString();
                            return rel.startsWith("rules/") || rel.startsWith("rules_building_block/");
                        })
                        .sorted()
                        .collect(Collectors.toList());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            parsed = new ArrayList<>();
            for (Path file : files) {
                try {
                    TomlParseResult toml = Toml.parse(file);
                    if (toml.hasErrors()) {
                        throw new IllegalStateException(file + ": " + toml.errors());
                    }
                    parsed.add(toml);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return files;
    }

    public static List<Query> kql() {
        List<Path> all = files();
        List<Query> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            TomlParseResult toml = parsed.get(i);
            String file = all.get(i).toString();
            if ("kuery".equals(toml.getString("rule.language"))) {
                out.add(new Query(file, toml.getString("rule.type"), source(toml, "rule.query", file)));
            }
            if (toml.contains("rule.threat_query")) {
                out.add(new Query(file, "threat_query", source(toml, "rule.threat_query", file)));
            }
        }
        return out;
    }

    public static List<Filters> filters() {
        List<Path> all = files();
        List<Filters> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            TomlArray array = parsed.get(i).getArray("rule.filters");
            if (array != null) {
                List<Map<String, Object>> list = new ArrayList<>();
                for (int j = 0; j < array.size(); j++) {
                    list.add(array.getTable(j).toMap());
                }
                out.add(new Filters(all.get(i).toString(), plain(list)));
            }
        }
        return out;
    }

    /** tomlj's toMap keeps TomlTable/TomlArray values inside; turn them into maps and lists as Jackson would. */
    @SuppressWarnings("unchecked")
    private static <T> T plain(Object value) {
        if (value instanceof TomlTable table) {
            return (T) plain(table.toMap());
        }
        if (value instanceof TomlArray array) {
            return (T) plain(array.toList());
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            map.forEach((k, v) -> out.put((String) k, plain(v)));
            return (T) out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(plain(v)));
            return (T) out;
        }
        return (T) value;
    }

    /** The text with an approximate origin: the line after the key for a multi-line string, else the key's line. */
    private static SourceText source(TomlParseResult toml, String key, String file) {
        String text = toml.getString(key);
        TomlPosition at = toml.inputPositionOf(key);
        int line = at == null ? 1 : at.line();
        return SourceText.at(text, file, text.contains("\n") ? line + 1 : line, 1);
    }
}
