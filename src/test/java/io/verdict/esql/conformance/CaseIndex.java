package io.verdict.esql.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code cases.tsv}: for each case of each spec file, whether its features are in scope and whether the shipped
 * data can run it. A name may repeat within a file; the n-th case of a name matches the n-th row of that name.
 */
public final class CaseIndex {

    /** One row of cases.tsv. */
    public record Entry(
            String file, String name, String outOfScope, String unshippedData, boolean inScope, boolean runnable) {}

    private final Map<String, List<Entry>> byKey = new HashMap<>();
    private final List<Entry> entries = new ArrayList<>();

    private CaseIndex() {}

    public static CaseIndex read(Path tsv) {
        CaseIndex index = new CaseIndex();
        try {
            List<String> lines = Files.readAllLines(tsv);
            for (String line : lines.subList(1, lines.size())) {
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split("\t", -1);
                Entry entry = new Entry(
                        cells[0], cells[1], cells[4], cells[5], "true".equals(cells[6]), "true".equals(cells[7]));
                index.entries.add(entry);
                index.byKey
                        .computeIfAbsent(cells[0] + "\t" + cells[1], k -> new ArrayList<>())
                        .add(entry);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return index;
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** The entries of a file's cases, in the cases' order; null for a case cases.tsv does not list. */
    public List<Entry> match(List<SpecCase> cases) {
        Map<String, Integer> seen = new HashMap<>();
        List<Entry> matched = new ArrayList<>();
        for (SpecCase c : cases) {
            String key = c.file() + "\t" + c.name();
            int n = seen.merge(key, 1, Integer::sum) - 1;
            List<Entry> candidates = byKey.getOrDefault(key, List.of());
            matched.add(n < candidates.size() ? candidates.get(n) : null);
        }
        return matched;
    }
}
