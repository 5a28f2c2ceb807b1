package io.verdict.esql.conformance;

import java.util.List;

/**
 * One test case of a csv-spec file, as written: its query, what it expects (warnings, order) and its expected
 * table (the header line and the row lines, cells not yet parsed).
 *
 * @param name         the name line as written, trimmed ({@code countDistinctNull#[skip:...]} keeps its suffix,
 *                     as {@code cases.tsv} does)
 * @param line         the 1-based line of the name in the file
 * @param query        the query lines joined with {@code \r\n}, as Elasticsearch's runner sends them (each line
 *                     trimmed, comment lines dropped), so warnings' {@code Line L:C} point into it
 * @param header       the header line, or null when the case expects no table at all
 */
public record SpecCase(
        String file,
        String name,
        int line,
        List<String> capabilities,
        String query,
        List<String> warnings,
        List<String> warningRegexes,
        boolean ignoreOrder,
        String header,
        List<String> rows) {

    public SpecCase {
        capabilities = List.copyOf(capabilities);
        warnings = List.copyOf(warnings);
        warningRegexes = List.copyOf(warningRegexes);
        rows = List.copyOf(rows);
    }

    /** The name without the {@code #[skip:...]} suffix. */
    public String displayName() {
        int hash = name.indexOf('#');
        return (hash < 0 ? name : name.substring(0, hash)).trim();
    }
}
