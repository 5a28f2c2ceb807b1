package io.verdict.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import io.verdict.query.SourceText;
import io.verdict.rule.AlertSuppression;
import io.verdict.rule.ExceptionListRef;
import io.verdict.rule.InvestigationGuide;
import io.verdict.rule.MachineLearning;
import io.verdict.rule.NewTerms;
import io.verdict.rule.RiskScoreMapping;
import io.verdict.rule.Rule;
import io.verdict.rule.RuleMetadata;
import io.verdict.rule.SeverityMapping;
import io.verdict.rule.Threat;
import io.verdict.rule.ThreatMatch;
import io.verdict.rule.Threshold;
import io.verdict.rule.Transform;
import java.util.List;
import java.util.Map;

/**
 * The whole rule, in the flat shape of Kibana's rule API (fields of {@code [rule]} at the top, new_terms as
 * {@code new_terms_fields} + {@code history_window_start}), plus {@code metadata} and where it was read from.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A whole rule in Kibana's flat rule shape, plus its [metadata] and source position")
record RuleDocument(
        String ruleId,
        String name,
        String description,
        String type,
        String language,
        @Schema(description = "the query as written") String query,
        List<String> index,
        String dataViewId,
        List<Map<String, Object>> filters,
        String eventCategoryOverride,
        String tiebreakerField,
        String timestampField,
        String severity,
        int riskScore,
        List<String> author,
        String license,
        List<String> tags,
        List<String> references,
        List<String> falsePositives,

        @Schema(description = "investigation guide (Markdown), $osquery_N/$investigate_N placeholders rendered")
        String note,

        String setup,
        List<Threat> threat,
        List<SeverityMapping> severityMapping,
        List<RiskScoreMapping> riskScoreMapping,
        String ruleNameOverride,
        String timestampOverride,
        String buildingBlockType,
        Map<String, List<String>> investigationFields,
        List<ExceptionListRef> exceptionsList,
        AlertSuppression alertSuppression,
        Integer maxSignals,
        String from,
        String interval,
        String to,
        Boolean enabled,
        String timelineId,
        String timelineTitle,
        Threshold threshold,
        List<String> newTermsFields,
        String historyWindowStart,
        List<String> threatIndex,
        String threatQuery,
        String threatLanguage,
        List<Map<String, Object>> threatFilters,
        List<ThreatMatch.Mapping> threatMapping,
        String threatIndicatorPath,
        Integer concurrentSearches,
        Integer itemsPerSearch,
        Integer anomalyThreshold,
        List<String> machineLearningJobId,
        RuleMetadata metadata,
        Transform transform,
        Map<String, Object> extra,

        @Schema(
                description = "bumped by every change through the API or on disk; 1 for a rule never changed",
                example = "1")
        int revision,

        @Schema(description = "Kibana exception items that suppress this rule's alerts")
        List<Map<String, Object>> exceptions,

        Source source) {

    /** Where the rule and its query are written. */
    record Source(String file, Integer queryLine, Integer queryColumn) {}

    static RuleDocument of(Rule rule) {
        var q = rule.query();
        var threshold = rule.typeBlock(Threshold.class).orElse(null);
        var newTerms = rule.typeBlock(NewTerms.class).orElse(null);
        var match = rule.typeBlock(ThreatMatch.class).orElse(null);
        var ml = rule.typeBlock(MachineLearning.class).orElse(null);
        var alert = rule.alert();
        SourceText text = q == null ? null : q.text();
        return new RuleDocument(
                rule.ruleId(),
                rule.name(),
                rule.description(),
                rule.type().id(),
                rule.language().map(l -> l.id()).orElse(null),
                text == null ? null : text.text(),
                q == null ? null : q.index(),
                q == null ? null : q.dataViewId(),
                q == null ? null : q.filters(),
                q == null ? null : q.eventCategoryOverride(),
                q == null ? null : q.tiebreakerField(),
                q == null ? null : q.timestampField(),
                rule.severity().id(),
                rule.riskScore(),
                rule.author(),
                rule.license(),
                rule.tags(),
                rule.references(),
                rule.falsePositives(),
                InvestigationGuide.render(rule),
                rule.setup(),
                rule.threat(),
                alert.severityMapping(),
                alert.riskScoreMapping(),
                alert.ruleNameOverride(),
                alert.timestampOverride(),
                alert.buildingBlockType(),
                alert.investigationFields().isEmpty() ? null : Map.of("field_names", alert.investigationFields()),
                alert.exceptionsList(),
                alert.alertSuppression(),
                alert.maxSignals(),
                rule.schedule().from(),
                rule.schedule().interval(),
                rule.schedule().to(),
                rule.schedule().enabled(),
                alert.timelineId(),
                alert.timelineTitle(),
                threshold,
                newTerms == null ? null : newTerms.fields(),
                newTerms == null ? null : newTerms.historyWindowStart(),
                match == null ? null : match.threatIndex(),
                match == null || match.threatQuery() == null
                        ? null
                        : match.threatQuery().text(),
                match == null || match.threatLanguage() == null
                        ? null
                        : match.threatLanguage().id(),
                match == null ? null : match.threatFilters(),
                match == null ? null : match.threatMapping(),
                match == null ? null : match.threatIndicatorPath(),
                match == null ? null : match.concurrentSearches(),
                match == null ? null : match.itemsPerSearch(),
                ml == null ? null : ml.anomalyThreshold(),
                ml == null ? null : ml.jobIds(),
                rule.metadata(),
                rule.transform().isEmpty() ? null : rule.transform(),
                rule.extra().isEmpty() ? null : rule.extra(),
                rule.revision(),
                rule.exceptions().stream()
                        .map(io.verdict.rule.ExceptionItems::toPlain)
                        .toList(),
                new Source(rule.file(), text == null ? null : text.line(), text == null ? null : text.column()));
    }
}
