package io.verdict.esql.conformance;

import io.verdict.Shared;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Elasticsearch's csv-spec cases under shared/conformance/elasticsearch-esql, each with its cases.tsv entry. */
public final class SpecFiles {

    /** A case and its cases.tsv entry (null when cases.tsv does not list it). */
    public record Listed(SpecCase spec, CaseIndex.Entry entry) {

        public boolean inScope() {
            return entry != null && entry.inScope();
        }

        public boolean runnable() {
            return inScope() && entry.runnable();
        }
    }

    private SpecFiles() {}

    /** The conformance folder; skips the calling test when shared/ is absent. */
    public static Path root() {
        return Shared.require("conformance/elasticsearch-esql");
    }

    public static List<Listed> all() {
        Path root = root();
        CaseIndex index = CaseIndex.read(root.resolve("cases.tsv"));
        List<Listed> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(root.resolve("specs"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".csv-spec"))
                    .sorted()
                    .toList()) {
                List<SpecCase> cases = CsvSpecReader.read(file);
                List<CaseIndex.Entry> entries = index.match(cases);
                for (int i = 0; i < cases.size(); i++) {
                    all.add(new Listed(cases.get(i), entries.get(i)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all;
    }
}
