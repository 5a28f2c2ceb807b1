package io.verdict.rule;

import io.verdict.query.Problem;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the errors and warnings found in one rule file, located in that file, with the offending line for the
 * caret display. Collecting (rather than throwing) lets one pass report every problem of a file at once. A file
 * reports at most {@link #MAX_PER_KIND} errors and as many warnings; the rest are counted in one closing problem,
 * so that no file can make the list of problems large.
 */
final class FileProblems {

    /** Errors, and warnings, one file reports at most. */
    static final int MAX_PER_KIND = 100;

    private final String origin;
    private final String content;
    private final List<Problem> errors = new ArrayList<>();
    private final List<Problem> warnings = new ArrayList<>();
    private Problem firstUnreportedError;
    private Problem firstUnreportedWarning;
    private int unreportedErrors;
    private int unreportedWarnings;
    /** Offsets where lines start, found on the first problem. */
    private int[] lineStarts;

    FileProblems(String origin, String content) {
        this.origin = origin;
        this.content = content;
    }

    void error(int line, int column, String message) {
        addError(problem(line, column, message));
    }

    void warning(int line, int column, String message) {
        if (warnings.size() < MAX_PER_KIND) {
            warnings.add(problem(line, column, message));
        } else if (unreportedWarnings++ == 0) {
            firstUnreportedWarning = new Problem(origin, line, column, "", null, 0);
        }
    }

    void addError(Problem problem) {
        if (errors.size() < MAX_PER_KIND) {
            errors.add(problem);
        } else if (unreportedErrors++ == 0) {
            firstUnreportedError = problem;
        }
    }

    private Problem problem(int line, int column, String message) {
        return new Problem(origin, line, column, message, line(line), Math.max(0, column - 1));
    }

    /** Line {@code n} (1-based) of the content, or null. */
    private String line(int n) {
        if (lineStarts == null) {
            List<Integer> starts = new ArrayList<>();
            starts.add(0);
            for (int i = 0; i < content.length(); i++) {
                if (content.charAt(i) == '\n') {
                    starts.add(i + 1);
                }
            }
            lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
        }
        if (n < 1 || n > lineStarts.length) {
            return null;
        }
        int start = lineStarts[n - 1];
        int end = n < lineStarts.length ? lineStarts[n] - 1 : content.length();
        if (end > start && content.charAt(end - 1) == '\r') {
            end--;
        }
        return content.substring(start, Math.max(start, end));
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    List<Problem> errors() {
        return closed(errors, unreportedErrors, firstUnreportedError, "errors");
    }

    List<Problem> warnings() {
        return closed(warnings, unreportedWarnings, firstUnreportedWarning, "warnings");
    }

    private List<Problem> closed(List<Problem> reported, int unreported, Problem first, String kind) {
        if (unreported == 0) {
            return List.copyOf(reported);
        }
        List<Problem> out = new ArrayList<>(reported);
        out.add(new Problem(
                origin,
                first.line(),
                first.column(),
                "\u2026 and " + unreported + " more " + kind + " in this file (only the first " + MAX_PER_KIND
                        + " are listed)",
                null,
                0));
        return List.copyOf(out);
    }

    String origin() {
        return origin;
    }
}
