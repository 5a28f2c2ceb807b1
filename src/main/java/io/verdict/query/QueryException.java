package io.verdict.query;

import java.util.List;
import java.util.stream.Collectors;

/** Every problem a query stage found, reported together rather than one at a time. */
public class QueryException extends RuntimeException {

    private final List<Problem> problems;

    public QueryException(List<Problem> problems) {
        super(problems.stream().map(Problem::render).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a QueryException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
