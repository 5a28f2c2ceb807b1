package io.verdict.esql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.verdict.Shared;
import io.verdict.event.Schema;
import io.verdict.query.QueryException;
import io.verdict.query.SourceText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

/**
 * Every ES|QL query of the detection-rules corpus compiles against the field catalogue with no problem; the rules
 * that use a command Verdict does not run are named by it.
 */
class EsqlCorpusCompileTest {

    @Test
    void everyCorpusQueryCompiles() throws IOException {
        Path root = Shared.require("corpus/detection-rules");
        EsqlCompiler compiler = new EsqlCompiler(new SchemaFieldTypes(Schema.catalog()));
        List<String> failures = new ArrayList<>();
        TreeMap<String, Integer> unsupported = new TreeMap<>();
        int rules = 0;
        long nanos = 0;
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file :
                    files.filter(p -> p.toString().endsWith(".toml")).sorted().toList()) {
                TomlParseResult toml = Toml.parse(file);
                if (!"esql".equals(toml.getString("rule.type"))) {
                    continue;
                }
                rules++;
                var position = toml.inputPositionOf("rule.query");
                SourceText text = SourceText.at(
                        toml.getString("rule.query"),
                        root.relativize(file).toString(),
                        position == null ? 1 : position.line(),
                        position == null ? 1 : position.column());
                try {
                    long start = System.nanoTime();
                    CompiledEsql q = compiler.compile(text);
                    nanos += System.nanoTime() - start;
                    if (q.unsupported() != null) {
                        unsupported.merge(q.unsupported(), 1, Integer::sum);
                    }
                } catch (QueryException e) {
                    failures.add(e.problems().get(0).toString());
                }
            }
        }
        System.out.println("ES|QL corpus: " + rules + " rules, " + failures.size() + " with problems, not run: "
                + unsupported + ", compiled in " + nanos / 1_000_000 + " ms");
        assertEquals(List.of(), failures);
    }
}
