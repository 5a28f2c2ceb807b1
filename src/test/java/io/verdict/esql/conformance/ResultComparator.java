package io.verdict.esql.conformance;

import io.verdict.esql.EsqlResult;
import io.verdict.esql.value.MultiValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compares a run's result with what a csv-spec case expects, and names the first difference: the columns (names and
 * types), the number of rows, each cell (parsed with the header's type, so doubles compare as Java prints them and
 * dates as instants; multivalues in order), rows as a multiset under {@code ignoreOrder}, then the warnings by their
 * {@code evaluation of [...] failed} lines (the exception lines name classes that differ between versions).
 */
public final class ResultComparator {

    private static final String EVALUATION = "evaluation of [";

    private ResultComparator() {}

    /** The first difference, or null when the result is what the case expects. */
    public static String firstDifference(SpecCase spec, EsqlResult result) {
        return firstDifference(spec, result, true);
    }

    /**
     * As {@link #firstDifference(SpecCase, EsqlResult)}; with {@code strictWarnings} false, a case that expects no
     * warning at all accepts any (its file predates the warnings Elasticsearch now gives).
     */
    public static String firstDifference(SpecCase spec, EsqlResult result, boolean strictWarnings) {
        ExpectedTable expected = ExpectedTable.of(spec.header(), spec.rows());
        String columns = columns(expected, result);
        if (columns != null) {
            return columns;
        }
        if (expected.rows().size() != result.rows().size()) {
            return "expected " + expected.rows().size() + " rows, got "
                    + result.rows().size();
        }
        List<List<Object>> want = expected.rows();
        List<List<Object>> got = result.rows();
        if (spec.ignoreOrder()) {
            want = sorted(want);
            got = sorted(got);
        }
        for (int r = 0; r < want.size(); r++) {
            for (int c = 0; c < want.get(r).size(); c++) {
                Object w = want.get(r).get(c);
                Object g = got.get(r).get(c);
                if (!same(w, g)) {
                    return "row " + (r + 1) + (spec.ignoreOrder() ? " (sorted)" : "") + ", column "
                            + expected.columns().get(c).name() + ": expected " + render(w) + ", got " + render(g);
                }
            }
        }
        if (!strictWarnings
                && spec.warnings().isEmpty()
                && spec.warningRegexes().isEmpty()) {
            return null;
        }
        return warnings(spec, result.warnings());
    }

    private static String columns(ExpectedTable expected, EsqlResult result) {
        List<String> want = new ArrayList<>();
        for (ExpectedTable.Column c : expected.columns()) {
            want.add(
                    c.name() + ":" + (c.type() == null ? c.typeName() : c.type().esName()));
        }
        List<String> got = new ArrayList<>();
        for (EsqlResult.Column c : result.columns()) {
            got.add(c.name() + ":" + c.type().esName());
        }
        return want.equals(got) ? null : "expected columns " + want + ", got " + got;
    }

    /**
     * Equal in the value model; a value of a type Verdict does not have is compared by its text. Strings holding
     * commas are written unescaped in some expected multivalues ({@code stats_top.csv-spec#topText}), which splits
     * them into more elements: string multivalues are equal too when their elements joined with ", " are.
     */
    static boolean same(Object want, Object got) {
        if (want instanceof String s && got != null && !(got instanceof String) && !(got instanceof MultiValue)) {
            return s.equals(got.toString());
        }
        if (Objects.equals(want, got)) {
            return true;
        }
        return got instanceof MultiValue g
                && g.elements().stream().allMatch(String.class::isInstance)
                && (want instanceof MultiValue || want instanceof String)
                && joined(want).equals(joined(got));
    }

    private static String joined(Object value) {
        return value instanceof MultiValue mv
                ? String.join(", ", mv.elements().stream().map(String::valueOf).toList())
                : String.valueOf(value);
    }

    private static List<List<Object>> sorted(List<List<Object>> rows) {
        List<List<Object>> copy = new ArrayList<>(rows);
        copy.sort(Comparator.comparing(ResultComparator::render));
        return copy;
    }

    static String render(Object value) {
        if (value instanceof List<?> list) {
            List<String> parts = new ArrayList<>();
            list.forEach(v -> parts.add(render(v)));
            return String.join(" | ", parts);
        }
        return value == null ? "null" : value instanceof String s ? "\"" + s + "\"" : value.toString();
    }

    /** The warnings: the expected {@code evaluation of} lines, and no others, literally or as regular expressions. */
    static String warnings(SpecCase spec, List<String> actual) {
        List<String> got = new ArrayList<>();
        for (String warning : actual) {
            for (String line : warning.split("\n")) {
                if (line.contains(EVALUATION)) {
                    got.add(unescape(line.strip()));
                }
            }
        }
        if (!spec.warningRegexes().isEmpty()) {
            List<Pattern> patterns = spec.warningRegexes().stream()
                    .map(r -> Pattern.compile(".*" + r + ".*"))
                    .toList();
            for (int i = 0; i < patterns.size(); i++) {
                String regex = spec.warningRegexes().get(i);
                if (regex.contains("evaluation of") && got.stream().noneMatch(matcher(patterns.get(i)))) {
                    return "expected a warning matching " + regex + ", got " + got;
                }
            }
            for (String line : got) {
                if (patterns.stream().noneMatch(p -> matcher(p).test(line))) {
                    return "unexpected warning " + line;
                }
            }
            return null;
        }
        List<String> want = spec.warnings().stream()
                .filter(w -> w.contains(EVALUATION))
                .map(ResultComparator::unescape)
                .toList();
        for (String w : want) {
            if (got.stream().noneMatch(g -> matches(w, g))) {
                return "expected the warning " + w + ", got " + got;
            }
        }
        for (String g : got) {
            if (want.stream().noneMatch(w -> matches(w, g))) {
                return "unexpected warning " + g;
            }
        }
        return null;
    }

    /** A warning written literally, or (as two cases write them) regex-escaped. */
    private static boolean matches(String want, String got) {
        if (want.equals(got)) {
            return true;
        }
        try {
            return Pattern.compile(".*" + want + ".*").matcher(got).matches()
                    || Pattern.compile(".*" + want + ".*")
                            .matcher(got.replace("\"", "\\\""))
                            .matches();
        } catch (PatternSyntaxException e) {
            return false;
        }
    }

    private static java.util.function.Predicate<String> matcher(Pattern pattern) {
        return line -> pattern.matcher(line).matches()
                || pattern.matcher(line.replace("\"", "\\\"")).matches();
    }

    /** Warnings travel as HTTP headers, where quotes are escaped and '%' is written %25; compare them plain. */
    private static String unescape(String warning) {
        return warning.replace("\\\"", "\"").replace("%25", "%");
    }
}
