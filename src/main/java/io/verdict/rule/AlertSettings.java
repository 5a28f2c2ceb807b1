package io.verdict.rule;

import java.util.List;

/** What shapes the alerts a rule produces, beyond its severity and risk score. */
public record AlertSettings(
        List<SeverityMapping> severityMapping,
        List<RiskScoreMapping> riskScoreMapping,
        String ruleNameOverride,
        String timestampOverride,
        String buildingBlockType,
        List<String> investigationFields,
        AlertSuppression alertSuppression,
        Integer maxSignals,
        List<ExceptionListRef> exceptionsList,
        String timelineId,
        String timelineTitle) {

    public AlertSettings {
        severityMapping = List.copyOf(severityMapping);
        riskScoreMapping = List.copyOf(riskScoreMapping);
        investigationFields = List.copyOf(investigationFields);
        exceptionsList = List.copyOf(exceptionsList);
    }

    public boolean buildingBlock() {
        return buildingBlockType != null;
    }
}
