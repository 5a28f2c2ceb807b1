package io.verdict.api;

import io.swagger.v3.oas.annotations.media.Schema;
import io.verdict.query.Problem;

/** A problem in a rule file as the API shows it. */
@Schema(description = "A problem in a rule file, located by file, line and column (1-based)")
record ProblemView(
        @Schema(example = "rules/bad.toml") String file,
        @Schema(example = "12") int line,
        @Schema(example = "1") int column,

        @Schema(example = "'rule.severity' must be one of low, medium, high, critical, found \"urgent\"")
        String message,

        @Schema(description = "the offending line of the file, when known")
        String source) {

    static ProblemView of(Problem problem) {
        return new ProblemView(
                problem.origin(), problem.line(), problem.column(), problem.message(), problem.sourceLine());
    }
}
