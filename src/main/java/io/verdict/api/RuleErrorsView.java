package io.verdict.api;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** The problems of the last load. */
@Schema(description = "Problems that kept rule files from loading (errors) and those that did not (warnings)")
record RuleErrorsView(
        @Schema(description = "files that did not load", example = "1")
        long failedFiles,

        List<ProblemView> errors,
        List<ProblemView> warnings) {}
