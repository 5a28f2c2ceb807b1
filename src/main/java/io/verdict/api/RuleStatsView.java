package io.verdict.api;

import io.swagger.v3.oas.annotations.media.Schema;
import io.verdict.rule.Rule;
import io.verdict.rule.RuleSet;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** Counts over the current rule set. */
@Schema(description = "Counts of the loaded rules by type, language, severity and load status")
record RuleStatsView(
        @Schema(example = "5") int total,

        @Schema(description = "rule files read", example = "6")
        int files,

        @Schema(example = "{\"eql\": 3, \"query\": 1, \"threshold\": 1}")
        Map<String, Long> byType,

        @Schema(example = "{\"eql\": 3, \"kuery\": 2}") Map<String, Long> byLanguage,
        @Schema(example = "{\"high\": 1, \"medium\": 4}") Map<String, Long> bySeverity,

        @Schema(
                description = "loaded: rules in the set; failed: files that did not load",
                example = "{\"loaded\": 5, \"failed\": 1}")
        Map<String, Long> byStatus,

        @Schema(
                description = "rules evaluated event by event, and those skipped by reason",
                example = "{\"evaluated\": 3, \"needs_state:eql_sequence\": 1, \"needs_state:threshold\": 1}")
        Map<String, Integer> coverage,

        long buildingBlocks,
        int errors,
        int warnings,
        Instant loadedAt,
        long loadTimeMs) {

    static RuleStatsView of(RuleSet set, Map<String, Integer> coverage) {
        Map<String, Long> byType = new TreeMap<>();
        Map<String, Long> byLanguage = new TreeMap<>();
        Map<String, Long> bySeverity = new TreeMap<>();
        long buildingBlocks = 0;
        for (Rule rule : set.rules()) {
            byType.merge(rule.type().id(), 1L, Long::sum);
            byLanguage.merge(rule.language().map(l -> l.id()).orElse("none"), 1L, Long::sum);
            bySeverity.merge(rule.severity().id(), 1L, Long::sum);
            buildingBlocks += rule.alert().buildingBlock() ? 1 : 0;
        }
        Map<String, Long> byStatus = new TreeMap<>(Map.of("loaded", (long) set.size(), "failed", set.failedFiles()));
        return new RuleStatsView(
                set.size(),
                set.files(),
                byType,
                byLanguage,
                bySeverity,
                byStatus,
                coverage,
                buildingBlocks,
                set.errors().size(),
                set.warnings().size(),
                set.loadedAt(),
                set.loadTime().toMillis());
    }
}
