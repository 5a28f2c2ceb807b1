package io.verdict.api;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/** The problems of the last load. */
@Schema(description = "Problems that kept rule files from loading (errors) and those that did not (warnings)")
record RuleErrorsView(
        @Schema(description = "files that did not load", example = "1") long failedFiles,
        List<ProblemView> errors,
        List<ProblemView> warnings) {
}
