package io.verdict.api;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** A page of the rule list. */
@Schema(description = "A page of rules matching the filters, ordered by name")
record RulePage(
        @Schema(description = "0-based page number", example = "0")
        int page,

        @Schema(example = "50") int size,

        @Schema(description = "rules matching the filters, over all pages", example = "1")
        long total,

        List<RuleSummary> items) {}
