package io.verdict.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.verdict.engine.Detections;
import io.verdict.engine.Detector;
import io.verdict.engine.RuleCompiler;
import io.verdict.rule.Language;
import io.verdict.rule.Rule;
import io.verdict.rule.RuleCriteria;
import io.verdict.rule.RuleSet;
import io.verdict.rule.RuleType;
import io.verdict.rule.Severity;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Read access to the loaded rules, their load problems and counts. */
@RestController
@RequestMapping("/api/v1/rules")
@Tag(name = "Rules", description = "The loaded detection rules, their load errors and counts")
class RuleController {

    private static final Comparator<Rule> BY_NAME =
            Comparator.comparing(Rule::name, String.CASE_INSENSITIVE_ORDER).thenComparing(Rule::ruleId);

    private final Detections detections;

    RuleController(Detections detections) {
        this.detections = detections;
    }

    @GetMapping
    @Operation(
            summary = "List rules",
            description = "Pages through the loaded rules, ordered by name. Every filter is"
                    + " optional; text filters ignore case.")
    @ApiResponse(responseCode = "200", description = "a page of rules")
    RulePage list(
            @Parameter(
                            description = "rule type",
                            example = "eql",
                            schema =
                                    @Schema(
                                            allowableValues = {
                                                "query",
                                                "saved_query",
                                                "machine_learning",
                                                "eql",
                                                "esql",
                                                "threshold",
                                                "threat_match",
                                                "new_terms"
                                            }))
                    @RequestParam(required = false)
                    String type,
            @Parameter(
                            description = "query language",
                            example = "eql",
                            schema = @Schema(allowableValues = {"kuery", "lucene", "eql", "esql"}))
                    @RequestParam(required = false)
                    String language,
            @Parameter(
                            description = "severity",
                            example = "high",
                            schema = @Schema(allowableValues = {"low", "medium", "high", "critical"}))
                    @RequestParam(required = false)
                    String severity,
            @Parameter(description = "a tag, exactly as written (case ignored)", example = "Tactic: Exfiltration")
                    @RequestParam(required = false)
                    String tag,
            @Parameter(description = "ATT&CK tactic id or name", example = "TA0010") @RequestParam(required = false)
                    String tactic,
            @Parameter(description = "ATT&CK technique or subtechnique id", example = "T1567.002")
                    @RequestParam(required = false)
                    String technique,
            @Parameter(description = "part of the rule name", example = "rclone") @RequestParam(required = false)
                    String q,
            @Parameter(description = "0-based page number") @RequestParam(defaultValue = "0") @Min(0) int page,
            @Parameter(description = "rules per page, 1 to 500") @RequestParam(defaultValue = "50") @Min(1) @Max(500)
                    int size) {
        RuleCriteria criteria = new RuleCriteria(
                parse("type", type, RuleType.values(), RuleType::id),
                parse("language", language, Language.values(), Language::id),
                parse("severity", severity, Severity.values(), Severity::id),
                blankToNull(tag),
                blankToNull(tactic),
                blankToNull(technique),
                blankToNull(q));
        List<Rule> matching = detections.rules().rules().stream()
                .filter(criteria)
                .sorted(BY_NAME)
                .toList();
        List<RuleSummary> items = matching.stream()
                .skip((long) page * size)
                .limit(size)
                .map(RuleSummary::of)
                .toList();
        return new RulePage(page, size, matching.size(), items);
    }

    @GetMapping("/{rule_id}")
    @Operation(
            summary = "Get a rule",
            description = "The whole rule: query, note (investigation guide), setup,"
                    + " ATT&CK threat, mappings, type-specific settings, metadata and where it is written.")
    @ApiResponse(responseCode = "200", description = "the rule")
    RuleDocument get(
            @Parameter(description = "the rule's rule_id", example = "03af6f85-dce1-481e-9437-ac6e5796a2ca")
                    @PathVariable("rule_id")
                    String ruleId) {
        return detections
                .rules()
                .find(ruleId)
                .map(RuleDocument::of)
                .orElseThrow(() -> new RuleNotFoundException(ruleId));
    }

    @GetMapping("/errors")
    @Operation(
            summary = "Rule load problems",
            description = "Every problem met loading the rule files, with file,"
                    + " line and column. A file with errors is not loaded; the other files are. A rule whose query does not"
                    + " compile is loaded but not evaluated; its query problems are listed here too.")
    RuleErrorsView errors() {
        Detector current = detections.current();
        RuleSet set = current.ruleSet();
        List<ProblemView> errors = java.util.stream.Stream.concat(
                        set.errors().stream(), RuleCompiler.queryProblems(current).stream())
                .map(ProblemView::of)
                .toList();
        List<ProblemView> warnings = java.util.stream.Stream.concat(
                        set.warnings().stream(), RuleCompiler.queryWarnings(current).stream())
                .map(ProblemView::of)
                .toList();
        return new RuleErrorsView(set.failedFiles(), errors, warnings);
    }

    @GetMapping("/stats")
    @Operation(
            summary = "Rule counts",
            description = "Counts of the loaded rules by type, language, severity and status.")
    RuleStatsView stats() {
        Detector current = detections.current();
        return RuleStatsView.of(current.ruleSet(), current.coverage());
    }

    private static <E> E parse(String parameter, String value, E[] values, Function<E, String> id) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Optional<E> found = Arrays.stream(values)
                .filter(v -> id.apply(v).equalsIgnoreCase(value.strip()))
                .findFirst();
        return found.orElseThrow(() -> new InvalidParameterException(
                parameter, value, Arrays.stream(values).map(id).toList()));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
