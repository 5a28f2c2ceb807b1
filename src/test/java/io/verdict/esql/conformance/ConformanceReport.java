package io.verdict.esql.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Writes the conformance run as Markdown: passed / in scope per spec file, the total, and every miss. */
public final class ConformanceReport {

    private ConformanceReport() {}

    public static String render(
            List<SpecFiles.Listed> all,
            List<ConformanceRun.Outcome> outcomes,
            KnownMisses misses,
            boolean engineBuilt) {
        Map<String, int[]> perFile = new TreeMap<>();
        for (SpecFiles.Listed listed : all) {
            int[] counts = perFile.computeIfAbsent(listed.spec().file(), f -> new int[3]);
            counts[0] += listed.inScope() ? 1 : 0;
            counts[1] += listed.runnable() ? 1 : 0;
        }
        for (ConformanceRun.Outcome outcome : outcomes) {
            if (outcome.passed()) {
                perFile.get(outcome.spec().file())[2]++;
            }
        }
        StringBuilder md = new StringBuilder("# ES|QL conformance: Elasticsearch's csv-spec cases\n\n");
        if (!engineBuilt) {
            md.append("The ES|QL compiler is not built: no case ran.\n\n");
        }
        md.append("| spec file | in scope | runnable with shipped data | passed |\n|---|---:|---:|---:|\n");
        int[] total = new int[3];
        perFile.forEach((file, counts) -> {
            md.append("| `")
                    .append(file)
                    .append("` | ")
                    .append(counts[0])
                    .append(" | ")
                    .append(counts[1])
                    .append(" | ")
                    .append(counts[2])
                    .append(" |\n");
            for (int i = 0; i < 3; i++) {
                total[i] += counts[i];
            }
        });
        md.append("| **total** | **")
                .append(total[0])
                .append("** | **")
                .append(total[1])
                .append("** | **")
                .append(total[2])
                .append("** |\n\n");
        if (total[1] > 0) {
            md.append(String.format(
                    "Passed: %d of %d runnable in-scope cases (%.1f %%).%n%n",
                    total[2], total[1], 100.0 * total[2] / total[1]));
        }
        StringBuilder missed = new StringBuilder();
        StringBuilder shrink = new StringBuilder();
        for (ConformanceRun.Outcome outcome : outcomes) {
            String reason = misses.reason(outcome.spec().file(), outcome.spec().name());
            String id = "`" + outcome.spec().file() + "` " + outcome.spec().name();
            if (!outcome.passed()) {
                missed.append("- ")
                        .append(id)
                        .append(reason == null ? " (not listed)" : " (listed: " + reason + ")")
                        .append(": ")
                        .append(oneLine(outcome.difference()))
                        .append('\n');
            } else if (reason != null) {
                shrink.append("- ")
                        .append(id)
                        .append(": listed as a miss (")
                        .append(reason)
                        .append(") but passes\n");
            }
        }
        if (!missed.isEmpty()) {
            md.append("## Misses, each with its first difference\n\n")
                    .append(missed)
                    .append('\n');
        }
        if (!shrink.isEmpty()) {
            md.append("## Listed misses that now pass (remove them from the list)\n\n")
                    .append(shrink);
        }
        return md.toString();
    }

    public static void write(Path file, String markdown) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, markdown, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String oneLine(String text) {
        String flat = String.valueOf(text).replace('\n', ' ').replace('\r', ' ');
        return flat.length() > 400 ? flat.substring(0, 399) + "\u2026" : flat;
    }
}
