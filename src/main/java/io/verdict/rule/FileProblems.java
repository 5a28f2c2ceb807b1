package io.verdict.rule;

import java.util.ArrayList;
import java.util.List;

import io.verdict.query.Problem;

/**
 * Collects the errors and warnings found in one rule file, located in that file, with the offending line for the
 * caret display. Collecting (rather than throwing) lets one pass report every problem of a file at once.
 */
final class FileProblems {

    private final String origin;
    private final String[] lines;
    private final List<Problem> errors = new ArrayList<>();
    private final List<Problem> warnings = new ArrayList<>();

    FileProblems(String origin, String content) {
        this.origin = origin;
        this.lines = content.split("\r?\n", -1);
    }

    void error(int line, int column, String message) {
        errors.add(problem(line, column, message));
    }

    void warning(int line, int column, String message) {
        warnings.add(problem(line, column, message));
    }

    void addError(Problem problem) {
        errors.add(problem);
    }

    private Problem problem(int line, int column, String message) {
        String source = line >= 1 && line <= lines.length ? lines[line - 1] : null;
        return new Problem(origin, line, column, message, source, Math.max(0, column - 1));
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    List<Problem> errors() {
        return List.copyOf(errors);
    }

    List<Problem> warnings() {
        return List.copyOf(warnings);
    }

    String origin() {
        return origin;
    }
}
