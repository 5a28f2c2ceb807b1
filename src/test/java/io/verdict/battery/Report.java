package io.verdict.battery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The battery's report: {@code report.json} (every count, finding and figure) and {@code report.md} (the same for
 * people: the headline figures first, a table of the phases, then each phase's findings with examples).
 */
final class Report {

    private static final JsonMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final Map<String, Object> run;
    private final List<Phase> phases;
    private final List<Tally> tallies;

    Report(Map<String, Object> run, List<Phase> phases, List<Tally> tallies) {
        this.run = run;
        this.phases = phases;
        this.tallies = tallies;
    }

    /** The headline figures of a run. */
    Map<String, Object> summary() {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("inputs tried", tallies.stream().mapToLong(Tally::inputs).sum());
        summary.put("requests", tallies.stream().mapToLong(Tally::requests).sum());
        summary.put(
                "5xx answers", tallies.stream().mapToLong(Tally::serverErrors).sum());
        summary.put(
                "503 not-ready or busy with Retry-After (documented, not counted as 5xx)",
                tallies.stream().mapToLong(Tally::documentedRefusals).sum());
        summary.put("timeouts", tallies.stream().mapToLong(Tally::timeouts).sum());
        summary.put(
                "connection errors",
                tallies.stream().mapToLong(Tally::connectionErrors).sum());
        summary.put("answers cut short", tallies.stream().mapToLong(Tally::cut).sum());
        for (Tally tally : tallies) {
            for (Map.Entry<String, Object> figure : tally.figures().entrySet()) {
                if (figure.getKey().startsWith("* ")) {
                    summary.put(figure.getKey().substring(2), figure.getValue());
                }
            }
        }
        return summary;
    }

    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("run", run);
        json.put("summary", summary());
        List<Map<String, Object>> phaseList = new ArrayList<>();
        for (int i = 0; i < tallies.size(); i++) {
            phaseList.add(phaseJson(phases.get(i), tallies.get(i)));
        }
        json.put("phases", phaseList);
        Files.writeString(dir.resolve("report.json"), JSON.writeValueAsString(json));
        Files.writeString(dir.resolve("report.md"), markdown());
    }

    private static Map<String, Object> phaseJson(Phase phase, Tally tally) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", phase.name());
        out.put("purpose", phase.purpose());
        out.put("skipped", tally.skipped());
        out.put("seconds", Math.round(tally.seconds() * 10) / 10.0);
        out.put("inputs", tally.inputs());
        out.put("requests", tally.requests());
        out.put("status_classes", tally.statusClasses());
        out.put("5xx", tally.serverErrors());
        out.put("timeouts", tally.timeouts());
        out.put("connection_errors", tally.connectionErrors());
        out.put("cut", tally.cut());
        Map<String, Object> findings = new LinkedHashMap<>();
        tally.findings().forEach((kind, f) -> findings.put(kind, Map.of("count", f.count(), "examples", f.examples())));
        out.put("findings", findings);
        Map<String, Object> figures = new LinkedHashMap<>();
        tally.figures().forEach((k, v) -> figures.put(k.startsWith("* ") ? k.substring(2) : k, v));
        out.put("figures", figures);
        out.put("notes", tally.notes());
        return out;
    }

    String markdown() {
        StringBuilder md = new StringBuilder("# Verdict reliability and security battery\n\n");
        for (Map.Entry<String, Object> e : run.entrySet()) {
            md.append("- ")
                    .append(e.getKey())
                    .append(": ")
                    .append(inline(e.getValue()))
                    .append('\n');
        }
        md.append("\n## Figures\n\n| figure | value |\n|---|---|\n");
        summary()
                .forEach((k, v) ->
                        md.append("| ").append(k).append(" | ").append(cell(v)).append(" |\n"));
        md.append(
                        "\n## Phases\n\n| phase | inputs | requests | 2xx | 3xx | 4xx | 5xx | timeouts | connection errors | cut | findings | seconds |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (int i = 0; i < tallies.size(); i++) {
            Tally t = tallies.get(i);
            Map<String, Long> classes = t.statusClasses();
            long findings = t.findings().values().stream()
                    .mapToLong(Tally.Finding::count)
                    .sum();
            md.append("| ")
                    .append(phases.get(i).name())
                    .append(t.skipped() != null ? " (skipped)" : "")
                    .append(" | ")
                    .append(t.inputs())
                    .append(" | ")
                    .append(t.requests())
                    .append(" | ")
                    .append(classes.getOrDefault("2xx", 0L))
                    .append(" | ")
                    .append(classes.getOrDefault("3xx", 0L))
                    .append(" | ")
                    .append(classes.getOrDefault("4xx", 0L))
                    .append(" | ")
                    .append(t.serverErrors())
                    .append(" | ")
                    .append(t.timeouts())
                    .append(" | ")
                    .append(t.connectionErrors())
                    .append(" | ")
                    .append(t.cut())
                    .append(" | ")
                    .append(findings)
                    .append(" | ")
                    .append(String.format("%.0f", t.seconds()))
                    .append(" |\n");
        }
        for (int i = 0; i < tallies.size(); i++) {
            phaseMarkdown(md, phases.get(i), tallies.get(i));
        }
        return md.toString();
    }

    private static void phaseMarkdown(StringBuilder md, Phase phase, Tally t) {
        md.append("\n## ")
                .append(phase.name())
                .append("\n\n")
                .append(phase.purpose())
                .append(".\n\n");
        if (t.skipped() != null) {
            md.append("**Not run:** ").append(t.skipped()).append("\n\n");
        }
        for (Map.Entry<String, Object> figure : t.figures().entrySet()) {
            String name = figure.getKey().startsWith("* ") ? figure.getKey().substring(2) : figure.getKey();
            if (figure.getValue() instanceof List<?> rows
                    && !rows.isEmpty()
                    && rows.get(0) instanceof Map<?, ?> first) {
                md.append("\n").append(name).append(":\n\n|");
                first.keySet().forEach(k -> md.append(' ').append(k).append(" |"));
                md.append("\n|").append("---|".repeat(first.size())).append('\n');
                for (Object row : rows) {
                    md.append('|');
                    ((Map<?, ?>) row)
                            .values()
                            .forEach(v -> md.append(' ').append(cell(v)).append(" |"));
                    md.append('\n');
                }
                md.append('\n');
            } else {
                md.append("- ")
                        .append(name)
                        .append(": ")
                        .append(inline(figure.getValue()))
                        .append('\n');
            }
        }
        if (t.findings().isEmpty()) {
            md.append("\nFindings: none.\n");
        } else {
            md.append("\nFindings:\n\n");
            t.findings().forEach((kind, f) -> {
                md.append("- **").append(kind).append("**: ").append(f.count()).append('\n');
                for (String example : f.examples()) {
                    md.append("  - `")
                            .append(example.replace("`", "'").replace("\n", " "))
                            .append("`\n");
                }
            });
        }
        for (String note : t.notes()) {
            md.append("\nNote: ").append(note).append('\n');
        }
    }

    /** A value on one line; long ones are cut (report.json has them whole). */
    private static String inline(Object value) {
        String text = value instanceof Map<?, ?> || value instanceof List<?>
                ? JSON.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value)
                : String.valueOf(value);
        return text.length() > 700 ? text.substring(0, 700) + "… (whole in report.json)" : text;
    }

    private static String cell(Object value) {
        return inline(value).replace("|", "\\|").replace("\n", " ");
    }
}
