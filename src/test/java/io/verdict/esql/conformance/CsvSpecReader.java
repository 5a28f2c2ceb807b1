package io.verdict.esql.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads Elasticsearch's csv-spec files the way its own runner does: every line trimmed; blank lines and lines
 * starting with {@code //} or {@code #} dropped everywhere (inside queries and among rows too); a name line; then
 * {@code required_capability:} (or {@code required_feature:}) lines and the query, which ends at the first line
 * ending in {@code ;} ({@code \;} at a line's end is an escaped semicolon, kept as {@code ;}); then
 * {@code warning:}, {@code warningRegex:} and {@code ignoreOrder:} lines, the header and the rows, up to a line
 * starting with {@code ;}. A query without its {@code ;} runs on into the next case, as upstream.
 */
public final class CsvSpecReader {

    /** Directives some upstream runners read before the query; they only steer those runners. */
    private static final List<String> IGNORED = List.of(
            "dataset:",
            "pragma:",
            "request_stored:",
            "request_time_filter:",
            "skip_flattened_rewrite:",
            "approximate:",
            "schema::");

    private CsvSpecReader() {}

    public static List<SpecCase> read(Path file) {
        try {
            return read(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<SpecCase> read(String file, String content) {
        List<SpecCase> cases = new ArrayList<>();
        String name = null;
        int nameLine = 0;
        List<String> capabilities = new ArrayList<>();
        StringBuilder query = new StringBuilder();
        String finishedQuery = null;
        List<String> warnings = new ArrayList<>();
        List<String> regexes = new ArrayList<>();
        boolean ignoreOrder = false;
        List<String> data = new ArrayList<>();
        String[] lines = content.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.isEmpty() || line.startsWith("//") || line.startsWith("#")) {
                continue;
            }
            if (name == null) {
                name = line;
                nameLine = i + 1;
                continue;
            }
            String lower = line.toLowerCase(Locale.ROOT);
            if (finishedQuery == null) {
                if (lower.startsWith("required_capability:") || lower.startsWith("required_feature:")) {
                    capabilities.add(line.substring(line.indexOf(':') + 1).trim());
                } else if (IGNORED.stream().anyMatch(lower::startsWith)) {
                    continue;
                } else if (line.endsWith(";") && !line.endsWith("\\;")) {
                    query.append(line, 0, line.length() - 1);
                    finishedQuery = query.toString().trim();
                } else {
                    query.append(line.endsWith("\\;") ? line.substring(0, line.length() - 2) + ";" : line)
                            .append("\r\n");
                }
                continue;
            }
            if (lower.startsWith("warning:")) {
                warnings.add(line.substring("warning:".length()).trim());
            } else if (lower.startsWith("warningregex:")) {
                regexes.add(line.substring("warningregex:".length()).trim());
            } else if (lower.startsWith("ignoreorder:")) {
                ignoreOrder = lower.substring("ignoreorder:".length()).trim().equals("true");
            } else if (line.startsWith(";")) {
                String header = data.isEmpty() ? null : data.get(0);
                List<String> rows = data.isEmpty() ? List.of() : data.subList(1, data.size());
                cases.add(new SpecCase(
                        file,
                        name,
                        nameLine,
                        capabilities,
                        finishedQuery,
                        warnings,
                        regexes,
                        ignoreOrder,
                        header,
                        rows));
                name = null;
                capabilities = new ArrayList<>();
                query.setLength(0);
                finishedQuery = null;
                warnings = new ArrayList<>();
                regexes = new ArrayList<>();
                ignoreOrder = false;
                data = new ArrayList<>();
            } else {
                data.add(line);
            }
        }
        if (name != null) {
            throw new IllegalStateException(file + ":" + nameLine + ": the case '" + name + "' does not end");
        }
        return cases;
    }
}
